using System.Buffers.Binary;
using System.Text;

namespace StreamClassifier.Trainer.Native;

/// <summary>
/// A minimal reader of 64-bit little-endian ELF shared objects: just enough of the section table,
/// the dynamic symbols and the GNU symbol-versioning sections (<c>.gnu.version</c>,
/// <c>.gnu.version_r</c>, <c>.gnu.version_d</c>) to decide whether a library will load against the
/// system's libstdc++ and to mark a version need weak.
/// </summary>
internal sealed class ElfImage
{
    /// <summary>SHT_DYNSYM.</summary>
    private const uint SectionDynamicSymbols = 11;

    /// <summary>SHT_GNU_verdef.</summary>
    private const uint SectionVersionDefinitions = 0x6ffffffd;

    /// <summary>SHT_GNU_verneed.</summary>
    private const uint SectionVersionNeeds = 0x6ffffffe;

    /// <summary>SHT_GNU_versym.</summary>
    private const uint SectionVersionSymbols = 0x6fffffff;

    /// <summary><c>VER_FLG_WEAK</c>: a missing version is a warning, not a load failure.</summary>
    public const ushort VersionFlagWeak = 2;

    private readonly byte[] image;
    private readonly List<Section> sections;

    private ElfImage(byte[] image, string source)
    {
        this.image = image;
        Source = source;
        if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
        {
            throw new InvalidDataException($"{source}: not an ELF file (bad magic).");
        }

        if (image[4] != 2 || image[5] != 1)
        {
            throw new InvalidDataException($"{source}: only 64-bit little-endian ELF is supported (class {image[4]}, data {image[5]}).");
        }

        var sectionTableOffset = checked((int)U64(0x28));
        int sectionEntrySize = U16(0x3a);
        int sectionCount = U16(0x3c);
        if (sectionEntrySize < 64 || sectionTableOffset + ((long)sectionCount * sectionEntrySize) > image.Length)
        {
            throw new InvalidDataException($"{source}: the section header table lies outside the file (truncated ELF?).");
        }

        sections = new List<Section>(sectionCount);
        for (var index = 0; index < sectionCount; index++)
        {
            var header = sectionTableOffset + (index * sectionEntrySize);
            sections.Add(new Section(
                Type: U32(header + 4),
                Offset: checked((int)U64(header + 0x18)),
                Size: checked((int)U64(header + 0x20)),
                Link: (int)U32(header + 0x28),
                Info: (int)U32(header + 0x2c)));
        }
    }

    /// <summary>Where the image came from (for messages).</summary>
    public string Source { get; }

    /// <summary>The raw bytes (patches write into this array).</summary>
    public ReadOnlySpan<byte> Bytes => image;

    /// <summary>Parses an image held in memory; the array is used, not copied.</summary>
    public static ElfImage Parse(byte[] image, string source)
    {
        ArgumentNullException.ThrowIfNull(image);
        return new ElfImage(image, source);
    }

    /// <summary>Reads and parses a file.</summary>
    public static ElfImage Read(string path) => new(File.ReadAllBytes(path), path);

    /// <summary>Every version a library needs from its dependencies (<c>.gnu.version_r</c>).</summary>
    public IReadOnlyList<ElfVersionNeed> VersionNeeds()
    {
        var needs = new List<ElfVersionNeed>();
        foreach (var section in sections.Where(s => s.Type == SectionVersionNeeds))
        {
            var strings = sections[section.Link];
            var entry = section.Offset;
            for (var file = 0; file < section.Info; file++)
            {
                int auxCount = U16(entry + 2);
                var fileName = ReadString(strings, U32(entry + 4));
                var aux = entry + (int)U32(entry + 8);
                for (var index = 0; index < auxCount; index++)
                {
                    needs.Add(new ElfVersionNeed(
                        FileName: fileName,
                        VersionName: ReadString(strings, U32(aux + 8)),
                        Flags: U16(aux + 4),
                        VersionIndex: U16(aux + 6),
                        FlagsOffset: aux + 4));
                    aux += (int)U32(aux + 12);
                }

                var next = U32(entry + 12);
                if (next == 0)
                {
                    break;
                }

                entry += (int)next;
            }
        }

        return needs;
    }

    /// <summary>Every version name a library defines (<c>.gnu.version_d</c>), e.g. <c>GLIBCXX_3.4.30</c>.</summary>
    public IReadOnlySet<string> VersionDefinitions()
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var section in sections.Where(s => s.Type == SectionVersionDefinitions))
        {
            var strings = sections[section.Link];
            var entry = section.Offset;
            for (var definition = 0; definition < section.Info; definition++)
            {
                // The first Verdaux names the version itself; later ones name its parents.
                var aux = entry + (int)U32(entry + 12);
                names.Add(ReadString(strings, U32(aux)));
                var next = U32(entry + 16);
                if (next == 0)
                {
                    break;
                }

                entry += (int)next;
            }
        }

        return names;
    }

    /// <summary>Names of the dynamic symbols bound to the given version index (from <c>.gnu.version</c>).</summary>
    public IReadOnlyList<string> SymbolsBoundToVersion(ushort versionIndex)
    {
        var symbolSection = sections.FirstOrDefault(s => s.Type == SectionDynamicSymbols);
        var versionSection = sections.FirstOrDefault(s => s.Type == SectionVersionSymbols);
        if (symbolSection is null || versionSection is null)
        {
            return [];
        }

        var strings = sections[symbolSection.Link];
        var count = symbolSection.Size / 24;
        var names = new List<string>();
        for (var symbol = 0; symbol < count; symbol++)
        {
            // Bit 15 is the "hidden" flag; the low 15 bits are the index.
            var index = U16(versionSection.Offset + (symbol * 2)) & 0x7fff;
            if (index == versionIndex)
            {
                names.Add(ReadString(strings, U32(symbolSection.Offset + (symbol * 24))));
            }
        }

        return names;
    }

    /// <summary>Sets <see cref="VersionFlagWeak"/> on every need of <paramref name="versionName"/>; returns how many changed.</summary>
    public int MarkVersionNeedWeak(string versionName)
    {
        var changed = 0;
        foreach (var need in VersionNeeds().Where(n => n.VersionName == versionName && (n.Flags & VersionFlagWeak) == 0))
        {
            BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(need.FlagsOffset), (ushort)(need.Flags | VersionFlagWeak));
            changed++;
        }

        return changed;
    }

    private string ReadString(Section strings, uint offset)
    {
        var start = strings.Offset + (int)offset;
        var end = Array.IndexOf(image, (byte)0, start);
        if (start >= image.Length || end < 0)
        {
            throw new InvalidDataException($"{Source}: a string-table offset points outside the file.");
        }

        return Encoding.ASCII.GetString(image, start, end - start);
    }

    private ushort U16(int offset) => BinaryPrimitives.ReadUInt16LittleEndian(image.AsSpan(offset));

    private uint U32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(image.AsSpan(offset));

    private ulong U64(int offset) => BinaryPrimitives.ReadUInt64LittleEndian(image.AsSpan(offset));

    private sealed record Section(uint Type, int Offset, int Size, int Link, int Info);
}

/// <summary>One Vernaux entry of <c>.gnu.version_r</c>: a version a library needs from one dependency.</summary>
/// <param name="FileName">The dependency, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="VersionName">The version, e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Flags"><c>vna_flags</c> (2 = weak).</param>
/// <param name="VersionIndex"><c>vna_other</c>: the index symbols use in <c>.gnu.version</c>.</param>
/// <param name="FlagsOffset">File offset of <c>vna_flags</c>.</param>
internal sealed record ElfVersionNeed(string FileName, string VersionName, ushort Flags, ushort VersionIndex, int FlagsOffset)
{
    /// <summary>True when a missing version only warns.</summary>
    public bool IsWeak => (Flags & ElfImage.VersionFlagWeak) != 0;
}
