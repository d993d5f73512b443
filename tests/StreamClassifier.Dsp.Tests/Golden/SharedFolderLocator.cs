using System.Runtime.CompilerServices;

namespace StreamClassifier.Dsp.Tests.Golden;

/// <summary>
/// SharedPaths looks for the shared folder beside the repository (right for a clone at
/// /work/main). A git worktree such as /work/wt/dsp sits one level deeper, so when
/// STREAMCLASSIFIER_SHARED is unset and the folder is not beside the repository, point it at the
/// nearest ancestor's <c>shared/reference</c>.
/// </summary>
internal static class SharedFolderLocator
{
    [ModuleInitializer]
#pragma warning disable CA2255 // A test assembly is an application entry point for this purpose.
    internal static void LocateSharedFolder()
#pragma warning restore CA2255
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("STREAMCLASSIFIER_SHARED")))
        {
            return;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StreamClassifier.sln")))
            {
                if (Directory.Exists(Path.Combine(dir.FullName, "..", "shared")))
                {
                    return;
                }

                for (var ancestor = dir.Parent; ancestor is not null; ancestor = ancestor.Parent)
                {
                    var candidate = Path.Combine(ancestor.FullName, "shared");
                    if (Directory.Exists(Path.Combine(candidate, "reference")))
                    {
                        Environment.SetEnvironmentVariable("STREAMCLASSIFIER_SHARED", candidate);
                        return;
                    }
                }

                return;
            }
        }
    }
}
