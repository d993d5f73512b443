using StreamClassifier.Trainer.Native;

// Placeholder entry point: the CLI commands (train, benchmark, ecg) come from the trainerdata branch.
TorchSharpNative.EnsureLoadable();
return 0;
