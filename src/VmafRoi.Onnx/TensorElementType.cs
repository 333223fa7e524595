namespace VmafRoi.Onnx;

/// <summary>ONNX tensor element types (TensorProto.DataType); the values are ONNX's.</summary>
public enum TensorElementType
{
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    Int32 = 6,
    Int64 = 7,
    Bool = 9,
    Double = 11,
}
