using System.Globalization;
using static TorchSharp.torch;

namespace StreamClassifier.Trainer.Training;

/// <summary>
/// A fitted linear decision function, positive for class 1: <c>decision = features · Weights + Bias</c>, or
/// equivalently <c>(features − Centre) · Weights + CentredBias</c>. The feature scaling is folded into the weights.
/// </summary>
/// <param name="Weights">One weight per feature, applied to the raw (or centred) features.</param>
/// <param name="Bias">The intercept for raw features.</param>
/// <param name="Centre">The training mean of each feature.</param>
/// <param name="CentredBias">The intercept for centred features (the mean ±1 target).</param>
/// <param name="Alpha">The regularisation chosen by leave-one-out.</param>
/// <param name="LeaveOneOutErrors">Mean squared leave-one-out error of the ±1 targets, one per candidate alpha.</param>
internal sealed record RidgeFit(float[] Weights, float Bias, float[] Centre, float CentredBias, double Alpha, IReadOnlyList<double> LeaveOneOutErrors);

/// <summary>
/// Ridge regression on ±1 targets with the regularisation chosen by exact leave-one-out cross-validation
/// over a grid, as scikit-learn's <c>RidgeClassifierCV</c> (the classifier MiniRocket's authors use),
/// computed in float64:
/// <list type="bullet">
/// <item>features are centred and each column scaled to unit Euclidean norm (the reference's
/// <c>normalize=True</c>; the same as standardising with the alphas multiplied by the row count); constant
/// columns are left unscaled;</item>
/// <item>the intercept is not penalised (centring the targets);</item>
/// <item>with n rows ≤ p features the n×n Gram matrix is eigendecomposed once and every alpha costs O(n²);
/// otherwise the p×p covariance is;</item>
/// <item>each alpha is scored by the mean squared leave-one-out residual (y − ŷ)/(1 − h) with h the
/// hat-matrix diagonal; ties go to the smaller alpha.</item>
/// </list>
/// Only the rows passed in are used: callers pass training rows, never TEST.
/// </summary>
internal static class RidgeClassifierCV
{
    /// <summary>The reference grid: 10 alphas log-spaced from 10⁻³ to 10³.</summary>
    public static IReadOnlyList<double> DefaultAlphas { get; } = [.. Enumerable.Range(0, 10).Select(i => Math.Pow(10, -3 + (6.0 * i / 9)))];

    /// <summary>Fits on <paramref name="features"/> [n, p] (any float type) with 0/1 <paramref name="labels"/>.</summary>
    /// <exception cref="ArgumentException">Shapes disagree, fewer than two rows, only one class, or no alpha.</exception>
    public static RidgeFit Fit(Tensor features, IReadOnlyList<int> labels, IReadOnlyList<double>? alphas = null)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        alphas ??= DefaultAlphas;
        CheckInputs(features, labels, alphas);
        var rows = labels.Count;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var x = features.to_type(ScalarType.Float64);
        var mean = x.mean([0]);
        var centred = x - mean;
        var norms = centred.square().sum([0]).sqrt();
        // Constant columns: scale 1 (their centred values are 0 anyway), as scikit-learn does.
        var scale = where(norms.gt(1e-12 * Math.Sqrt(rows)), norms, ones_like(norms));
        var z = centred / scale;
        var targets = tensor(labels.Select(label => label == 1 ? 1.0 : -1.0).ToArray(), ScalarType.Float64);
        var targetMean = targets.mean().item<double>();
        var y = targets - targetMean;

        var solver = rows <= z.shape[1] ? DualSolver(z, y) : PrimalSolver(z, y);
        var errors = new List<double>(alphas.Count);
        var best = 0;
        for (var index = 0; index < alphas.Count; index++)
        {
            using var alphaScope = NewDisposeScope();
            var (residuals, oneMinusHat) = solver.LeaveOneOut(alphas[index]);
            // One minus the hat diagonal with the unpenalised intercept's 1/n taken out.
            var looe = residuals / (oneMinusHat - (1.0 / rows)).clamp_min(1e-12);
            errors.Add(looe.square().mean().item<double>());
            if (errors[index] < errors[best])
            {
                best = index;
            }
        }

        var weights = solver.Weights(alphas[best]) / scale;
        var bias = targetMean - (mean * weights).sum().item<double>();
        return new RidgeFit(
            weights.to_type(ScalarType.Float32).data<float>().ToArray(),
            (float)bias,
            mean.to_type(ScalarType.Float32).data<float>().ToArray(),
            (float)targetMean,
            alphas[best],
            errors);
    }

    private static void CheckInputs(Tensor features, IReadOnlyList<int> labels, IReadOnlyList<double> alphas)
    {
        if (alphas.Count == 0 || alphas.Any(alpha => !(alpha > 0) || double.IsInfinity(alpha)))
        {
            throw new ArgumentException("The ridge needs at least one positive, finite alpha.", nameof(alphas));
        }

        if (features.ndim != 2 || features.shape[0] != labels.Count)
        {
            throw new ArgumentException($"Features are [{string.Join(", ", features.shape)}] but there are {labels.Count} labels; expected [{labels.Count}, p].", nameof(features));
        }

        var rows = labels.Count;
        var positives = labels.Count(label => label == 1);
        if (rows < 2 || positives == 0 || positives == rows)
        {
            throw new ArgumentException($"The ridge classifier needs both classes among its training rows; got {positives} positive of {rows}.", nameof(labels));
        }
    }

    /// <summary>Describes a fit in words (for the card and logs).</summary>
    public static string Describe(RidgeFit fit)
    {
        ArgumentNullException.ThrowIfNull(fit);
        return string.Create(CultureInfo.InvariantCulture, $"ridge alpha {fit.Alpha:G3} (leave-one-out MSE {fit.LeaveOneOutErrors.Min():0.0000})");
    }

    private static Solver DualSolver(Tensor z, Tensor y)
    {
        // K = Z·Zᵀ = Q·diag(λ)·Qᵀ; for alpha a: (I − H)y = Q·diag(a/(λ+a))·Qᵀy, diag(I − H) = (Q∘Q)·(a/(λ+a)).
        // The all-ones direction (λ = 0 after centring) contributes 1/n there, which the caller removes.
        var (eigenvalues, eigenvectors) = linalg.eigh(z.matmul(z.t()));
        var lambda = eigenvalues.clamp_min(0);
        var projected = eigenvectors.t().matmul(y);
        var squared = eigenvectors.square();
        return new Solver(
            alpha =>
            {
                var shrink = alpha / (lambda + alpha);
                return (eigenvectors.matmul(shrink * projected), squared.matmul(shrink));
            },
            alpha => z.t().matmul(eigenvectors.matmul(projected / (lambda + alpha))));
    }

    private static Solver PrimalSolver(Tensor z, Tensor y)
    {
        // ZᵀZ = V·diag(λ)·Vᵀ, U = Z·V: H = U·diag(1/(λ+a))·Uᵀ.
        var (eigenvalues, eigenvectors) = linalg.eigh(z.t().matmul(z));
        var lambda = eigenvalues.clamp_min(0);
        var u = z.matmul(eigenvectors);
        var projected = u.t().matmul(y);
        var squared = u.square();
        return new Solver(
            alpha =>
            {
                var inverse = 1.0 / (lambda + alpha);
                return (y - u.matmul(inverse * projected), 1.0 - squared.matmul(inverse));
            },
            alpha => eigenvectors.matmul(projected / (lambda + alpha)));
    }

    /// <summary>Per alpha: the residuals (I − H)y and diag(I − H) of the centred problem, and the weights.</summary>
    private sealed record Solver(Func<double, (Tensor Residuals, Tensor OneMinusHat)> LeaveOneOut, Func<double, Tensor> Weights);
}
