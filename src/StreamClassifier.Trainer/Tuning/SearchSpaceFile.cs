using System.Globalization;
using System.Text.Json;
using StreamClassifier.Trainer.Networks;

namespace StreamClassifier.Trainer.Tuning;

/// <summary>
/// Reads a search-space file: a JSON object whose keys are the parameters (docs/tuning.md lists them) and whose values
/// are a list of choices (<c>[16, 32, 64]</c>), an interval (<c>{"min": 0.0001, "max": 0.01, "log": true}</c>, numbers
/// only) or a single value. Errors name the file, the key and the fix.
/// </summary>
internal static class SearchSpaceFile
{
    /// <summary>The space shipped with the trainer (<c>Configs/tune-space.json</c> beside the executable).</summary>
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Configs", "tune-space.json");

    /// <summary>Every key a space file may hold, in the order docs/tuning.md lists them.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        "depth", "filters", "kernel_size", "activation", "dropout", "batch_norm", "pool", "head",
        "learning_rate", "batch_size", "window_length",
        "augmentation_copies", "augmentation_amplitude", "augmentation_noise", "augmentation_shift",
    ];

    /// <summary>Reads <paramref name="path"/> (<c>default</c> = <see cref="DefaultPath"/>).</summary>
    /// <exception cref="ArgumentException">The file is missing or invalid.</exception>
    public static SearchSpace Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var file = string.Equals(path, "default", StringComparison.OrdinalIgnoreCase) ? DefaultPath : path;
        if (!File.Exists(file))
        {
            throw new ArgumentException($"{file}: the search-space file does not exist. Use --space default or write one as in docs/tuning.md.");
        }

        return Parse(File.ReadAllText(file), file);
    }

    /// <summary>Parses space JSON; <paramref name="source"/> names it in error messages.</summary>
    public static SearchSpace Parse(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"{source}: not valid JSON (line {(ex.LineNumber ?? 0) + 1}): {ex.Message} A space file is one object such as {{\"depth\": [2, 3], \"learning_rate\": {{\"min\": 0.0001, \"max\": 0.01, \"log\": true}}}}.", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ArgumentException($"{source}: the search space must be a JSON object of parameters (e.g. {{\"depth\": [2, 3]}}), not {Describe(root)}.");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!Keys.Contains(property.Name, StringComparer.Ordinal))
                {
                    throw new ArgumentException($"{source}: unknown key '{property.Name}'. Known keys: {string.Join(", ", Keys)} (docs/tuning.md).");
                }
            }

            var reader = new Reader(root, source);
            var defaults = new SearchSpace();
            return new SearchSpace
            {
                Depth = reader.Int("depth", 1, "a whole number of layers, at least 1", "[2, 3, 4]") ?? defaults.Depth,
                Filters = reader.Int("filters", 1, "a whole number of filters, at least 1", "[16, 32, 64]") ?? defaults.Filters,
                KernelSize = reader.Int("kernel_size", 1, "a whole kernel size, at least 1", "[3, 5, 7]") ?? defaults.KernelSize,
                Activation = reader.Enum<ConvActivation>("activation", "[\"relu\", \"gelu\", \"elu\"]") ?? defaults.Activation,
                Dropout = reader.Number("dropout", value => value >= 0 && value < 1, "a probability from 0 up to, not including, 1", "[0, 0.1, 0.3]") ?? defaults.Dropout,
                BatchNorm = reader.Bool("batch_norm") ?? defaults.BatchNorm,
                Pool = reader.Int("pool", 1, "a whole pooling window, 1 (none) or more", "[1, 2]") ?? defaults.Pool,
                Head = reader.Enum<ConvHead>("head", "[\"global_average\", \"dense\"]") ?? defaults.Head,
                LearningRate = reader.Number("learning_rate", value => value > 0, "a positive learning rate", "{\"min\": 0.0001, \"max\": 0.01, \"log\": true}") ?? defaults.LearningRate,
                BatchSize = reader.Int("batch_size", 1, "a whole batch size, at least 1", "[16, 32]") ?? defaults.BatchSize,
                WindowLength = reader.Int("window_length", 2, "a whole window length in samples, at least 2", "[540, 720]"),
                AugmentationCopies = reader.Int("augmentation_copies", 0, "a whole number of copies, 0 (none) or more", "[0, 1, 2]") ?? defaults.AugmentationCopies,
                AugmentationAmplitude = reader.Number("augmentation_amplitude", value => value >= 0 && value < 1, "a relative change from 0 up to, not including, 1", "[0.05, 0.1, 0.2]") ?? defaults.AugmentationAmplitude,
                AugmentationNoise = reader.Number("augmentation_noise", value => value >= 0, "a non-negative noise level", "[0, 0.05, 0.1]") ?? defaults.AugmentationNoise,
                AugmentationShift = reader.Int("augmentation_shift", 0, "a whole number of samples, 0 or more", "[0, 4, 8]") ?? defaults.AugmentationShift,
            };
        }
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => $"\"{element.GetString()}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        _ => element.GetRawText(),
    };

    private sealed class Reader(JsonElement root, string source)
    {
        public SearchDimension<int>? Int(string key, int minimum, string expected, string example) =>
            Read<int>(key, expected, example, allowInterval: true, element => element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value) && value >= minimum ? value : (int?)null, value => value >= minimum);

        public SearchDimension<double>? Number(string key, Func<double, bool> valid, string expected, string example) =>
            Read(key, expected, example, allowInterval: true, element => element.ValueKind == JsonValueKind.Number && valid(element.GetDouble()) ? element.GetDouble() : (double?)null, valid);

        public SearchDimension<bool>? Bool(string key) =>
            Read(key, "true or false", "[true, false]", allowInterval: false, element => element.ValueKind is JsonValueKind.True or JsonValueKind.False ? element.GetBoolean() : (bool?)null, _ => true);

        public SearchDimension<T>? Enum<T>(string key, string example)
            where T : struct, System.Enum
        {
            var names = System.Enum.GetValues<T>().ToDictionary(value => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString()), StringComparer.OrdinalIgnoreCase);
            return Read(key, "one of " + string.Join(", ", names.Keys), example, allowInterval: false, element => element.ValueKind == JsonValueKind.String && names.TryGetValue(element.GetString()!, out var value) ? value : (T?)null, _ => true);
        }

        private SearchDimension<T>? Read<T>(string key, string expected, string example, bool allowInterval, Func<JsonElement, T?> value, Func<double, bool> validBound)
            where T : struct
        {
            if (!root.TryGetProperty(key, out var element))
            {
                return null;
            }

            if (element.ValueKind == JsonValueKind.Object)
            {
                return allowInterval ? Interval<T>(key, element, expected, example, validBound) : throw Fail(key, $"{expected} is chosen from a list, not an interval", $"write e.g. {example}");
            }

            var items = element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().ToList() : [element];
            if (items.Count == 0)
            {
                throw Fail(key, "the list of choices is empty", $"list at least one value, e.g. {example}");
            }

            var choices = new List<T>();
            for (var index = 0; index < items.Count; index++)
            {
                var parsed = value(items[index]) ?? throw Fail(key, $"choice {index + 1} is {Describe(items[index])}, expected {expected}", $"write e.g. {example}");
                choices.Add(parsed);
            }

            return SearchDimension<T>.Of(choices);
        }

        private SearchDimension<T> Interval<T>(string key, JsonElement element, string expected, string example, Func<double, bool> validBound)
            where T : struct
        {
            double? min = null;
            double? max = null;
            var log = false;
            foreach (var property in element.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "min" when property.Value.ValueKind == JsonValueKind.Number:
                        min = property.Value.GetDouble();
                        break;
                    case "max" when property.Value.ValueKind == JsonValueKind.Number:
                        max = property.Value.GetDouble();
                        break;
                    case "log" when property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                        log = property.Value.GetBoolean();
                        break;
                    default:
                        throw Fail(key, $"'{property.Name}': {Describe(property.Value)} is not understood in an interval", "an interval has numbers min and max and optionally \"log\": true, e.g. {\"min\": 0.0001, \"max\": 0.01, \"log\": true}");
                }
            }

            if (min is not { } low || max is not { } high)
            {
                throw Fail(key, "an interval needs both min and max", $"write e.g. {example}");
            }

            if (!validBound(low) || !validBound(high))
            {
                throw Fail(key, string.Create(CultureInfo.InvariantCulture, $"the interval {low}..{high} leaves the allowed values ({expected})"), $"write e.g. {example}");
            }

            if (low > high)
            {
                throw Fail(key, string.Create(CultureInfo.InvariantCulture, $"min {low} is above max {high}"), "swap them");
            }

            if (log && low <= 0)
            {
                throw Fail(key, "a log interval needs min > 0", "raise min or drop \"log\"");
            }

            if (typeof(T) == typeof(int) && Math.Ceiling(low) > Math.Floor(high))
            {
                throw Fail(key, string.Create(CultureInfo.InvariantCulture, $"the interval {low}..{high} holds no whole number"), $"write e.g. {example}");
            }

            return SearchDimension<T>.Between(new SearchInterval(low, high, log));
        }

        private ArgumentException Fail(string key, string problem, string fix) => new($"{source}: {key}: {problem}; {fix}.");
    }
}
