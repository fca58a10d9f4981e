package org.xsdnn.runtime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Protocol-buffer wire format, varint (type 0) and length-delimited (type 2) fields: enough to write
 * tiny ONNX models by hand, since the runtime module cannot use the exporter.
 */
final class ProtoMessage {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtoMessage varint(int field, long value) {
        writeVarint(field << 3);
        writeVarint(value);
        return this;
    }

    ProtoMessage bytes(int field, byte[] value) {
        writeVarint(field << 3 | 2);
        writeVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    ProtoMessage string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtoMessage message(int field, ProtoMessage value) {
        return bytes(field, value.toByteArray());
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    private void writeVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
