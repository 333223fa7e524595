namespace VmafRoi.Saliency.MessagePack;

/// <summary>The MessagePack type system's types, as the next value's first byte announces them.</summary>
public enum MessagePackType
{
    /// <summary>The byte 0xc1, which the spec never uses.</summary>
    Invalid,
    Nil,
    Boolean,
    Integer,
    Float,
    String,
    Binary,
    Array,
    Map,
    Extension,
}

/// <summary>An extension value: an application type code and its bytes.</summary>
public readonly record struct MessagePackExtension(sbyte TypeCode, byte[] Data);
