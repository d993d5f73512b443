using StreamClassifier.Onnx;
using StreamClassifier.Onnx.Cards;
using StreamClassifier.Testing;
using StreamClassifier.Trainer.Commands;
using StreamClassifier.Trainer.Training;

namespace StreamClassifier.Trainer.Tests.Training;

public sealed class ArchitectureNamesTests
{
    [Theory]
    [InlineData("ConvDense", nameof(Architecture.ConvDense))]
    [InlineData("convbatchnorm", nameof(Architecture.ConvBatchNorm))]
    [InlineData("MultiKernelConv", nameof(Architecture.MultiKernelConv))]
    [InlineData("SeedConv1D", nameof(Architecture.ConvDense))]
    [InlineData("SeedBatchNorm", nameof(Architecture.ConvBatchNorm))]
    [InlineData("seedmultikernel", nameof(Architecture.MultiKernelConv))]
    [InlineData("MiniRocket", nameof(Architecture.MiniRocket))]
    public void Current_and_seed_names_parse_case_insensitively(string text, string expected)
    {
        Assert.True(ArchitectureNames.TryParse(text, out var parsed));
        Assert.Equal(Enum.Parse<Architecture>(expected), parsed);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("Seed")]
    [InlineData("Conv1D")]
    public void Other_text_is_not_an_architecture(string text) => Assert.False(ArchitectureNames.TryParse(text, out _));

    [Fact]
    public void The_arch_option_takes_seed_names_defaults_without_one_and_refuses_unknown_ones()
    {
        var train = TrainCommand.Create();

        Assert.Equal(Architecture.ConvDense, train.Parse(["--arch", "SeedConv1D"]).GetValue<Architecture>("--arch"));
        Assert.Equal(Architecture.ConvBatchNorm, train.Parse(["--arch", "convbatchnorm"]).GetValue<Architecture>("--arch"));
        Assert.Equal(Architecture.Fcn, train.Parse([]).GetValue<Architecture>("--arch"));
        Assert.Equal(Architecture.ConvBatchNorm, EcgCommand.Create().Parse([]).GetValue<Architecture>("--arch"));

        var unknown = train.Parse(["--arch", "Conv1D"]);
        var error = Assert.Single(unknown.Errors);
        Assert.Contains("--arch Conv1D is not a network; use one of ConvDense, ConvBatchNorm, MultiKernelConv, Fcn, ResNet, MiniRocket, ConfigurableConv1D, BeatNet.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_committed_ecg_model_card_loads_and_names_an_architecture_the_trainer_knows()
    {
        var card = ModelCardReader.TryRead(SharedPaths.Repo("models", "ecg-pvc.onnx"));

        Assert.NotNull(card?.Training?.Architecture);
        var name = card.Training.Architecture.Split(' ', 2)[0];
        Assert.True(ArchitectureNames.TryParse(name, out var architecture), $"models/ecg-pvc.card.json names the architecture '{name}'");
        Assert.Equal(Architecture.BeatNet, architecture);
    }
}
