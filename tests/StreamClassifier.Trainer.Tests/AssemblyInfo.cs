// Training uses every core and libtorch's global random generator: tests running side by side would
// both slow each other down and draw from each other's random streams, breaking seed determinism.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
