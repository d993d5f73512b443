using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using StreamClassifier.Trainer.Native;
using TorchSharp;

namespace StreamClassifier.Trainer.Tests;

/// <summary>Applies the TorchSharp native fix-up before any test touches <c>torch</c> directly (as the trainer's Main does), and uses one libtorch thread.</summary>
internal static class NativeSetup
{
    [ModuleInitializer]
    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "A test assembly is an application: every test may call torch.* first.")]
    internal static void Initialize()
    {
        TorchSharpNative.EnsureLoadable();

        // Tiny test tensors gain nothing from a second thread, and on a shared 2-core machine
        // libtorch's spinning OpenMP workers cost several times the CPU of one thread.
        torch.set_num_threads(1);
    }
}
