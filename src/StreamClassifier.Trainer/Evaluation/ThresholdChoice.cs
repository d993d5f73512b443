namespace StreamClassifier.Trainer.Evaluation;

/// <summary>How the decision threshold is chosen (the CLI's <c>--threshold-by</c>).</summary>
internal enum ThresholdChoice
{
    /// <summary>Maximise F1 on validation.</summary>
    F1,

    /// <summary>Maximise Youden's J on validation.</summary>
    Youden,

    /// <summary>Keep 0.5 (what published UCR accuracies use: argmax of two classes).</summary>
    Fixed,
}
