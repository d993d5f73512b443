using SharpFuzz;
using StreamClassifier.Fuzz;

// Usage: StreamClassifier.Fuzz TARGET            (under afl-fuzz: reads inputs from AFL)
//        StreamClassifier.Fuzz TARGET FILE...    (replays files once, e.g. a crash AFL saved)
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"Usage: StreamClassifier.Fuzz <target> [file...]; targets: {string.Join(", ", FuzzTargets.All.Keys)}");
    return 2;
}

if (args.Length > 1)
{
    foreach (var file in args.Skip(1))
    {
        target.Run(File.ReadAllBytes(file));
        Console.WriteLine($"{file}: handled");
    }

    return 0;
}

Fuzzer.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target.Run(buffer.ToArray());
});
return 0;
