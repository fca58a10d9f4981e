package org.xsdnn.trainer;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.xsdnn.core.AtomicFiles;
import org.xsdnn.core.NetworkWeights;

/**
 * A trained member's weights in a small binary file (big-endian): magic "XSW1", dropout, number of
 * hidden layers, then per layer inputs, outputs, weight, bias, and (hidden layers) γ, β, mean,
 * variance, ε. The exporter reads it to write ONNX.
 */
public final class WeightsFile {
    private static final int MAGIC = 0x58535731;

    private WeightsFile() {}

    public static void write(NetworkWeights weights, Path file) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeDouble(weights.dropout());
            out.writeInt(weights.hidden().size());
            for (NetworkWeights.Layer layer : weights.hidden()) {
                writeLayer(out, layer);
            }
            writeLayer(out, weights.output());
        }
        AtomicFiles.write(file, bytes.toByteArray());
    }

    public static NetworkWeights read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IOException(file + ": not an xsdnn weights file (bad magic number)");
            }
            double dropout = in.readDouble();
            int layers = in.readInt();
            List<NetworkWeights.Layer> hidden = new ArrayList<>();
            for (int l = 0; l < layers; l++) {
                hidden.add(readLayer(in));
            }
            return new NetworkWeights(hidden, readLayer(in), dropout);
        } catch (EOFException e) {
            throw new IOException(file + ": weights file is truncated", e);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": inconsistent weights: " + e.getMessage(), e);
        }
    }

    private static void writeLayer(DataOutputStream out, NetworkWeights.Layer layer) throws IOException {
        out.writeInt(layer.inputs());
        out.writeInt(layer.outputs());
        writeFloats(out, layer.weight());
        writeFloats(out, layer.bias());
        NetworkWeights.BatchNorm bn = layer.batchNorm();
        out.writeBoolean(bn != null);
        if (bn != null) {
            writeFloats(out, bn.gamma());
            writeFloats(out, bn.beta());
            writeFloats(out, bn.mean());
            writeFloats(out, bn.variance());
            out.writeDouble(bn.epsilon());
        }
    }

    private static NetworkWeights.Layer readLayer(DataInputStream in) throws IOException {
        int inputs = in.readInt();
        int outputs = in.readInt();
        float[] weight = readFloats(in);
        float[] bias = readFloats(in);
        NetworkWeights.BatchNorm bn = null;
        if (in.readBoolean()) {
            bn = new NetworkWeights.BatchNorm(
                    readFloats(in), readFloats(in), readFloats(in), readFloats(in), in.readDouble());
        }
        return new NetworkWeights.Layer(inputs, outputs, weight, bias, bn);
    }

    static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        out.writeInt(values.length);
        ByteBuffer buffer = ByteBuffer.allocate(values.length * 4);
        buffer.asFloatBuffer().put(values);
        out.write(buffer.array());
    }

    static float[] readFloats(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new IOException("negative array length " + n);
        }
        byte[] raw = new byte[Math.multiplyExact(n, 4)];
        in.readFully(raw);
        float[] values = new float[n];
        ByteBuffer.wrap(raw).asFloatBuffer().get(values);
        return values;
    }
}
