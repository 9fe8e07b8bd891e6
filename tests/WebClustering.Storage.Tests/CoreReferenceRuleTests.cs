using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using WebClustering.Storage.Migrations;

namespace WebClustering.Storage.Tests;

/// <summary>
/// docs/architecture.md, "Project references": Storage may use Core's plain value types and nothing else (no Core
/// exceptions or services, no TorchSharp). Read from the Storage assembly's type references, which list every
/// outside type its code names, in signatures and method bodies alike.
/// </summary>
public class CoreReferenceRuleTests
{
    /// <summary>
    /// The Core types Storage may name: plain data, with no behaviour that belongs to Core's services. RowSource is rows
    /// read a range at a time (a streamed job's latent vectors, in a file), which the result COPY reads as it writes.
    /// </summary>
    private static readonly HashSet<string> Allowed = ["WebClustering.Core.Matrix", "WebClustering.Core.Rows.RowSource"];

    [Fact]
    public void Storage_names_no_core_type_but_the_allowed_value_types_and_no_torchsharp_type()
    {
        var referenced = ReferencedTypes();

        var core = referenced.Where(t => t.Assembly == "WebClustering.Core").Select(t => t.Name).ToHashSet();
        // The reading itself must see Core (Storage's records hold a Matrix), or the rule below would pass for nothing.
        Assert.Contains("WebClustering.Core.Matrix", core);
        Assert.Empty(core.Except(Allowed).Order());
        Assert.Empty(referenced.Where(t => t.Assembly.StartsWith("TorchSharp", StringComparison.Ordinal)).Select(t => t.Name).Order());
    }

    /// <summary>Each type reference of the Storage assembly: the assembly it comes from and its full name (outermost type for nested ones).</summary>
    private static List<(string Assembly, string Name)> ReferencedTypes()
    {
        using var file = File.OpenRead(typeof(MigrationRunner).Assembly.Location);
        using var pe = new PEReader(file);
        var metadata = pe.GetMetadataReader();
        var types = new List<(string, string)>();
        foreach (var handle in metadata.TypeReferences)
        {
            var type = metadata.GetTypeReference(handle);
            while (type.ResolutionScope.Kind == HandleKind.TypeReference)
                type = metadata.GetTypeReference((TypeReferenceHandle)type.ResolutionScope);
            if (type.ResolutionScope.Kind != HandleKind.AssemblyReference) continue;
            var assembly = metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope).Name);
            var ns = metadata.GetString(type.Namespace);
            types.Add((assembly, ns.Length == 0 ? metadata.GetString(type.Name) : $"{ns}.{metadata.GetString(type.Name)}"));
        }
        return types;
    }
}
