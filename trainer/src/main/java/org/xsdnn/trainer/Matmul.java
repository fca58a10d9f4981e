package org.xsdnn.trainer;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_matmul_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_create_with_strides;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_default_flags;
import static org.bytedeco.dnnl.global.dnnl.dnnl_stream_wait;
import static org.bytedeco.dnnl.global.dnnl.dnnl_success;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * C = op(A) · op(B) for c-order FLOAT matrices, with oneDNN's matmul primitive: the fused engine's matrix products.
 *
 * <p>Why oneDNN and not ND4J's OpenBLAS: oneDNN picks its kernels from the CPU's instruction sets at run time and
 * ignores {@code OPENBLAS_CORETYPE}, which some machine images force to Haswell for old OpenBLAS builds; on the
 * project's Zen 5 machine its f32 matmul ran the step's shapes at 215–239 GFLOP/s on one core against OpenBLAS's
 * 105–116 with the forced kernels and about 208 with its own (BENCHMARKS.md §1).
 *
 * <p>One instance per thread ({@link #ofThisThread}), never closed: a primitive is made once per shape and reused by
 * every member and evaluation the thread runs (a carbon step has five shapes, an evaluation two more), and the
 * engine, stream and primitives are a few kilobytes that live as long as the thread's training.
 */
public final class Matmul {
    private static final ThreadLocal<Matmul> PER_THREAD = ThreadLocal.withInitial(Matmul::new);

    private final dnnl_engine engine = new dnnl_engine();
    private final dnnl_stream stream = new dnnl_stream();
    private final Map<Shape, Primitive> primitives = new HashMap<>();

    private Matmul() {
        check(dnnl_engine_create(engine, dnnl_cpu, 0), "engine");
        check(dnnl_stream_create(stream, engine, dnnl_stream_default_flags), "stream");
    }

    public static Matmul ofThisThread() {
        return PER_THREAD.get();
    }

    /** c = op(a) · op(b), op the transpose where asked; c is overwritten (β = 0), as Nd4j.gemm(…, 1, 0) does. */
    public void multiply(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB) {
        long m = c.size(0);
        long n = c.size(1);
        long k = transposeA ? a.size(0) : a.size(1);
        if ((transposeA ? a.size(1) : a.size(0)) != m
                || (transposeB ? b.size(1) : b.size(0)) != k
                || (transposeB ? b.size(0) : b.size(1)) != n) {
            throw new IllegalArgumentException("shapes do not multiply: " + a.shapeInfoToString() + " · "
                    + b.shapeInfoToString() + " into " + c.shapeInfoToString());
        }
        Primitive p = primitives.computeIfAbsent(new Shape(m, k, n, transposeA, transposeB), this::create);
        check(dnnl_memory_set_data_handle(p.a, dense(a).data().addressPointer()), "A");
        check(dnnl_memory_set_data_handle(p.b, dense(b).data().addressPointer()), "B");
        check(dnnl_memory_set_data_handle(p.c, dense(c).data().addressPointer()), "C");
        check(dnnl_primitive_execute(p.primitive, stream, 3, p.arguments), "execute");
        check(dnnl_stream_wait(stream), "wait");
    }

    /** oneDNN reads the buffer from the array's first element on, row-major and without gaps. */
    private static INDArray dense(INDArray x) {
        if (x.dataType() != DataType.FLOAT || x.rank() != 2 || x.ordering() != 'c' || x.elementWiseStride() != 1) {
            throw new IllegalArgumentException("expected a dense c-order FLOAT matrix, got " + x.shapeInfoToString());
        }
        return x;
    }

    private record Shape(long m, long k, long n, boolean transposeA, boolean transposeB) {}

    /** A primitive for one shape, with memory objects whose data pointers are set at each call. */
    private record Primitive(
            dnnl_primitive primitive, dnnl_memory a, dnnl_memory b, dnnl_memory c, dnnl_exec_arg_t arguments) {}

    private Primitive create(Shape s) {
        dnnl_memory_desc a = matrix(s.m, s.k, s.transposeA);
        dnnl_memory_desc b = matrix(s.k, s.n, s.transposeB);
        dnnl_memory_desc c = matrix(s.m, s.n, false);
        dnnl_primitive_attr attributes = new dnnl_primitive_attr();
        check(dnnl_primitive_attr_create(attributes), "attributes");
        dnnl_primitive_desc descriptor = new dnnl_primitive_desc();
        check(dnnl_matmul_primitive_desc_create(descriptor, engine, a, b, null, c, attributes), "matmul " + s);
        dnnl_primitive primitive = new dnnl_primitive();
        check(dnnl_primitive_create(primitive, descriptor), "primitive " + s);
        dnnl_memory memoryA = memory(a);
        dnnl_memory memoryB = memory(b);
        dnnl_memory memoryC = memory(c);
        dnnl_exec_arg_t arguments = new dnnl_exec_arg_t(3);
        arguments.position(0).arg(DNNL_ARG_SRC).memory(memoryA);
        arguments.position(1).arg(DNNL_ARG_WEIGHTS).memory(memoryB);
        arguments.position(2).arg(DNNL_ARG_DST).memory(memoryC);
        return new Primitive(primitive, memoryA, memoryB, memoryC, arguments.position(0));
    }

    /** A rows × cols matrix stored row-major, or, transposed, stored as its cols × rows transpose. */
    private static dnnl_memory_desc matrix(long rows, long cols, boolean transposed) {
        dnnl_memory_desc d = new dnnl_memory_desc();
        long[] strides = transposed ? new long[] {1, rows} : new long[] {cols, 1};
        check(dnnl_memory_desc_create_with_strides(d, 2, new long[] {rows, cols}, dnnl_f32, strides), "descriptor");
        return d;
    }

    private dnnl_memory memory(dnnl_memory_desc d) {
        dnnl_memory memory = new dnnl_memory();
        check(dnnl_memory_create(memory, d, engine, null), "memory"); // no buffer yet: set at each call
        return memory;
    }

    private static void check(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN failed (status " + status + ") at " + what);
        }
    }
}
