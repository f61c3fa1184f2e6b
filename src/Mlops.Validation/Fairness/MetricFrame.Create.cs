namespace Mlops.Validation.Fairness;

public sealed partial record MetricFrame
{
    /// <summary>Builds a frame from boolean labels and predictions (<see langword="true"/> is the positive class).</summary>
    /// <param name="yTrue">The true label of each row.</param>
    /// <param name="yPred">The predicted label of each row.</param>
    /// <param name="sensitiveFeatures">One or more sensitive features; groups are the combinations of their values that occur.</param>
    public static MetricFrame Create(IReadOnlyList<bool> yTrue, IReadOnlyList<bool> yPred, IReadOnlyList<SensitiveFeature> sensitiveFeatures)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        return Create(yTrue, yPred, sensitiveFeatures, positiveClass: true);
    }

    /// <summary>
    /// Builds a frame from class labels, treating <paramref name="positiveClass"/> as positive and every other class as
    /// negative for the rates; accuracy compares the classes themselves.
    /// </summary>
    public static MetricFrame Create<T>(IReadOnlyList<T> yTrue, IReadOnlyList<T> yPred, IReadOnlyList<SensitiveFeature> sensitiveFeatures, T positiveClass)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        ArgumentNullException.ThrowIfNull(positiveClass);
        CheckLengths(yTrue.Count, yPred.Count);
        var comparer = EqualityComparer<T>.Default;
        var correct = Enumerable.Range(0, yTrue.Count).Select(i => comparer.Equals(yTrue[i], yPred[i])).ToList();
        var truePositive = yTrue.Select(y => comparer.Equals(y, positiveClass)).ToList();
        var predPositive = yPred.Select(y => comparer.Equals(y, positiveClass)).ToList();
        return MetricFrameBuilder.Build(truePositive, predPositive, correct, sensitiveFeatures, positiveClass.ToString());
    }

    /// <summary>Builds an accuracy-only frame (count and accuracy per group) for multiclass labels with no positive class.</summary>
    public static MetricFrame CreateAccuracyOnly<T>(IReadOnlyList<T> yTrue, IReadOnlyList<T> yPred, IReadOnlyList<SensitiveFeature> sensitiveFeatures)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        CheckLengths(yTrue.Count, yPred.Count);
        var comparer = EqualityComparer<T>.Default;
        var correct = Enumerable.Range(0, yTrue.Count).Select(i => comparer.Equals(yTrue[i], yPred[i])).ToList();
        return MetricFrameBuilder.Build(null, null, correct, sensitiveFeatures, null);
    }

    private static void CheckLengths(int trueCount, int predCount)
    {
        if (trueCount != predCount)
        {
            throw new ArgumentException($"y_true has {trueCount} rows but y_pred has {predCount}; they must be aligned.", nameof(predCount));
        }
    }
}
