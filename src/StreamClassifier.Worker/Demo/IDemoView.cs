namespace StreamClassifier.Worker.Demo;

/// <summary>Shows a demo while it runs.</summary>
internal interface IDemoView
{
    /// <summary>
    /// Shows the run until <paramref name="step"/> returns false. <paramref name="step"/> waits up to a
    /// refresh interval and says whether the run goes on; the view redraws between calls.
    /// </summary>
    void Show(DemoMonitor monitor, DemoStatus status, Func<bool> step);
}
