namespace HookSafety.Hooks;

/// <summary>
/// One system state established by a patch (declared with <see cref="PatchStateAttribute"/>). Its
/// <see cref="Data"/> is handed from patch to patch: a patch taking over reads the previous state's data through
/// <see cref="PatchStates.GetPrevious"/>.
/// </summary>
public sealed class PatchState
{
    internal PatchState(string id, int version)
    {
        Id = id;
        Version = version;
    }

    /// <summary>The state's id.</summary>
    public string Id { get; }

    /// <summary>The state's version.</summary>
    public int Version { get; }

    /// <summary>Data the patch attaches to the state (initially <see langword="null"/>).</summary>
    public object? Data { get; set; }

    /// <inheritdoc/>
    public override string ToString() => Id + " v" + Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
