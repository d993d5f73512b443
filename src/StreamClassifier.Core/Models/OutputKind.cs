namespace StreamClassifier.Core.Models;

/// <summary>What a model's output means.</summary>
public enum OutputKind
{
    /// <summary>[N,1] probability of class 1.</summary>
    Probability,

    /// <summary>[N,2] class probabilities; column 1 is the positive class.</summary>
    Softmax2,

    /// <summary>[N,1] raw score; P(class 1) = sigmoid(score).</summary>
    Logit,
}
