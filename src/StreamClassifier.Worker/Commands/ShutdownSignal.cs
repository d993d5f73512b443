using System.Runtime.InteropServices;

namespace StreamClassifier.Worker.Commands;

/// <summary>
/// A cancellation token that fires on SIGTERM, SIGINT (Ctrl-C) or SIGQUIT, so long-running commands
/// stop cleanly under process managers as well as at a terminal.
/// </summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource source = new();
    private readonly PosixSignalRegistration[] registrations;

    public ShutdownSignal(CancellationToken linked = default)
    {
        registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGQUIT, OnSignal),
        ];
        if (linked.CanBeCanceled)
        {
            linked.Register(source.Cancel);
        }
    }

    public CancellationToken Token => source.Token;

    public void Dispose()
    {
        foreach (var registration in registrations)
        {
            registration.Dispose();
        }

        source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Cancel our own token instead of letting the runtime terminate the process.
        context.Cancel = true;
        source.Cancel();
    }
}
