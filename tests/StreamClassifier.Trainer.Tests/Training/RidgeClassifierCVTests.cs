using StreamClassifier.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace StreamClassifier.Trainer.Tests.Training;

public sealed class RidgeClassifierCVTests
{
    [Theory]
    [InlineData(12, 40)] // n < p: the Gram-matrix path
    [InlineData(40, 6)] // n > p: the covariance path
    public void Leave_one_out_errors_equal_refitting_without_each_row(int rows, int columns)
    {
        var (features, labels) = Problem(rows, columns, seed: rows);
        double[] alphas = [0.01, 1, 30];

        var fit = RidgeClassifierCV.Fit(features, labels, alphas);

        using var scope = NewDisposeScope();
        var z = Normalised(features);
        var targets = tensor(labels.Select(label => label == 1 ? 1.0 : -1.0).ToArray(), ScalarType.Float64);
        for (var index = 0; index < alphas.Length; index++)
        {
            double squared = 0;
            for (var left = 0; left < rows; left++)
            {
                var keep = tensor(Enumerable.Range(0, rows).Where(row => row != left).Select(row => (long)row).ToArray());
                var (weights, intercept) = Solve(z.index_select(0, keep), targets.index_select(0, keep), alphas[index]);
                var predicted = (z[left].dot(weights) + intercept).item<double>();
                squared += Math.Pow(targets[left].item<double>() - predicted, 2);
            }

            Assert.Equal(squared / rows, fit.LeaveOneOutErrors[index], 9);
        }

        var best = fit.LeaveOneOutErrors.ToList().IndexOf(fit.LeaveOneOutErrors.Min());
        Assert.Equal(alphas[best], fit.Alpha);
    }

    [Fact]
    public void The_folded_weights_reproduce_the_ridge_fit_on_normalised_features()
    {
        var (features, labels) = Problem(15, 30, seed: 3);

        var fit = RidgeClassifierCV.Fit(features, labels, [0.5]);

        using var scope = NewDisposeScope();
        var z = Normalised(features);
        var targets = tensor(labels.Select(label => label == 1 ? 1.0 : -1.0).ToArray(), ScalarType.Float64);
        var (weights, intercept) = Solve(z, targets, 0.5);
        var expected = z.matmul(weights) + intercept;
        var actual = features.to_type(ScalarType.Float64).matmul(tensor(fit.Weights).to_type(ScalarType.Float64)) + fit.Bias;
        Assert.True(allclose(expected, actual, rtol: 1e-4, atol: 1e-4), $"max difference {(expected - actual).abs().max().item<double>()}");
    }

    [Fact]
    public void One_class_or_mismatched_labels_are_refused_with_the_reason()
    {
        var (features, _) = Problem(6, 4, seed: 1);

        var oneClass = Assert.Throws<ArgumentException>(() => RidgeClassifierCV.Fit(features, [1, 1, 1, 1, 1, 1]));
        Assert.Contains("needs both classes", oneClass.Message, StringComparison.Ordinal);
        var shape = Assert.Throws<ArgumentException>(() => RidgeClassifierCV.Fit(features, [0, 1]));
        Assert.Contains("there are 2 labels", shape.Message, StringComparison.Ordinal);
    }

    private static (Tensor Features, int[] Labels) Problem(int rows, int columns, int seed)
    {
        var random = new Random(seed);
        var labels = Enumerable.Range(0, rows).Select(row => row % 3 == 0 ? 1 : 0).ToArray();
        var values = new float[rows * columns];
        for (var row = 0; row < rows; row++)
        {
            for (var column = 0; column < columns; column++)
            {
                values[(row * columns) + column] = (float)((random.NextDouble() * (column + 1)) + (labels[row] * (column % 2) * 0.7));
            }
        }

        // One constant column, as PPV features often are.
        for (var row = 0; row < rows; row++)
        {
            values[row * columns] = 0.25f;
        }

        return (tensor(values, [rows, columns]), labels);
    }

    /// <summary>Centred columns scaled to unit norm (constant columns left at 0), over all rows, as the classifier does.</summary>
    private static Tensor Normalised(Tensor features)
    {
        var x = features.to_type(ScalarType.Float64);
        var centred = x - x.mean([0]);
        var norms = centred.square().sum([0]).sqrt();
        return centred / where(norms.gt(1e-9), norms, ones_like(norms));
    }

    /// <summary>Ridge with an unpenalised intercept, solved directly from the normal equations.</summary>
    private static (Tensor Weights, double Intercept) Solve(Tensor z, Tensor targets, double alpha)
    {
        var zMean = z.mean([0]);
        var yMean = targets.mean().item<double>();
        var zc = z - zMean;
        var gram = zc.t().matmul(zc) + (alpha * eye(z.shape[1], dtype: ScalarType.Float64));
        var weights = linalg.solve(gram, zc.t().matmul(targets - yMean));
        return (weights, yMean - zMean.dot(weights).item<double>());
    }
}
