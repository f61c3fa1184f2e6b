using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Mlops.AspNetCore.Binding;
using Mlops.Serving;

namespace Mlops.AspNetCore.Endpoints;

/// <summary>Maps the errors a prediction request can meet to RFC 7807 problem details.</summary>
internal static class Problems
{
    /// <summary>The problem for <paramref name="exception"/>, or null when it is not the caller's fault nor a known condition (a 500).</summary>
    /// <param name="exception">What was thrown.</param>
    /// <param name="mlflow">Add MLflow's <c>error_code</c> so that MLflow clients recognise the error.</param>
    public static IResult? For(Exception exception, bool mlflow) => exception switch
    {
        MlopsValidationException invalid => Problem(StatusCodes.Status400BadRequest, "The input is not valid", invalid.Message, mlflow, new()
        {
            ["field"] = invalid.Field,
            ["value"] = invalid.Value,
            ["rule"] = invalid.Rule,
        }),
        MlflowFormatException format => Problem(StatusCodes.Status400BadRequest, "Not an MLflow scoring request", format.Message, mlflow, []),
        JsonException json => Problem(StatusCodes.Status400BadRequest, "The request body is not valid JSON", json.Message, mlflow, []),
        UnsupportedContentTypeException type => Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type", type.Message, mlflow, []),
        MlopsModelDisabledException disabled => Problem(StatusCodes.Status503ServiceUnavailable, "The model is stopped", disabled.Message, mlflow, new()
        {
            ["model"] = disabled.ModelName,
            ["reason"] = disabled.Reason,
            ["actor"] = disabled.Actor,
            ["since"] = disabled.Since,
        }),
        MlopsModelUnavailableException unavailable => Problem(StatusCodes.Status503ServiceUnavailable, "No model version is loaded", unavailable.Message, mlflow, new()
        {
            ["key"] = unavailable.Key,
        }),
        _ => null,
    };

    /// <summary>404 for a key no model is served under.</summary>
    public static IResult UnknownModel(string key, IEnumerable<string> served, bool mlflow) =>
        Problem(StatusCodes.Status404NotFound, "No such served model",
            $"No model is served under '{key}'.", mlflow, new() { ["servedModels"] = served.ToArray() }, "RESOURCE_DOES_NOT_EXIST");

    private static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(int status, string title, string detail, bool mlflow, Dictionary<string, object?> extensions, string? errorCode = null)
    {
        if (mlflow)
        {
            extensions["error_code"] = errorCode ?? (status == StatusCodes.Status503ServiceUnavailable ? "TEMPORARILY_UNAVAILABLE" : "BAD_REQUEST");
            extensions["message"] = detail;
        }

        return TypedResults.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);
    }
}
