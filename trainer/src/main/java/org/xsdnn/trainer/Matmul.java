package org.xsdnn.trainer;

import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_DST;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_FROM;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_SRC;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_TO;
import static org.bytedeco.dnnl.global.dnnl.DNNL_ARG_WEIGHTS;
import static org.bytedeco.dnnl.global.dnnl.dnnl_bf16;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx2_vnni_2;
import static org.bytedeco.dnnl.global.dnnl.dnnl_cpu_isa_avx512_core_bf16;
import static org.bytedeco.dnnl.global.dnnl.dnnl_engine_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_f32;
import static org.bytedeco.dnnl.global.dnnl.dnnl_get_effective_cpu_isa;
import static org.bytedeco.dnnl.global.dnnl.dnnl_matmul_primitive_desc_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_desc_create_with_strides;
import static org.bytedeco.dnnl.global.dnnl.dnnl_memory_set_data_handle;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_attr_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_create;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_desc_query;
import static org.bytedeco.dnnl.global.dnnl.dnnl_primitive_execute;
import static org.bytedeco.dnnl.global.dnnl.dnnl_query_impl_info_str;
import static org.bytedeco.dnnl.global.dnnl.dnnl_reorder_primitive_desc_create;
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
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.ShortPointer;
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
 * <p>{@link Precision#BF16}: both operands are rounded to bfloat16 (oneDNN's reorder, into buffers of its own) and
 * multiplied with fp32 accumulation into the fp32 result; the weights, gradients and optimizer stay fp32. On the Zen
 * 5 machine oneDNN's bf16 kernels ({@code brg_matmul:avx512_core_bf16}) ran the step's shapes at 405–440 GFLOP/s with
 * the rounding included, about 1.8× its fp32. A CPU without bf16 instructions is refused: oneDNN would emulate them
 * there (on AVX-512 alone, {@code gemm:jit:bf16}) at less than half fp32's speed.
 *
 * <p>One instance per thread ({@link #ofThisThread}), never closed: a primitive is made once per shape and reused by
 * every member and evaluation the thread runs (a carbon step has five shapes, an evaluation two more), and the
 * engine, stream and primitives are a few kilobytes that live as long as the thread's training.
 */
public final class Matmul {
    /** What the products compute in. */
    public enum Precision {
        FP32,
        /** bfloat16 operands, fp32 accumulation and result. */
        BF16
    }

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

    /** c = op(a) · op(b) in fp32, op the transpose where asked; c is overwritten (β = 0), as Nd4j.gemm(…, 1, 0) does. */
    public void multiply(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB) {
        multiply(a, b, c, transposeA, transposeB, Precision.FP32);
    }

    /** c = op(a) · op(b) computed in {@code precision}. */
    public void multiply(
            INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB, Precision precision) {
        long m = c.size(0);
        long n = c.size(1);
        long k = transposeA ? a.size(0) : a.size(1);
        if ((transposeA ? a.size(1) : a.size(0)) != m
                || (transposeB ? b.size(1) : b.size(0)) != k
                || (transposeB ? b.size(0) : b.size(1)) != n) {
            throw new IllegalArgumentException("shapes do not multiply: " + a.shapeInfoToString() + " · "
                    + b.shapeInfoToString() + " into " + c.shapeInfoToString());
        }
        Primitive p = primitives.computeIfAbsent(new Shape(m, k, n, transposeA, transposeB, precision), this::create);
        check(dnnl_memory_set_data_handle(p.a, dense(a).data().addressPointer()), "A");
        check(dnnl_memory_set_data_handle(p.b, dense(b).data().addressPointer()), "B");
        check(dnnl_memory_set_data_handle(p.c, dense(c).data().addressPointer()), "C");
        if (p.rounding != null) {
            p.rounding.a.execute(stream);
            p.rounding.b.execute(stream);
        }
        check(dnnl_primitive_execute(p.primitive, stream, 3, p.arguments), "execute");
        check(dnnl_stream_wait(stream), "wait");
    }

    /**
     * Whether the instruction sets oneDNN uses here (the CPU's, or fewer where {@code ONEDNN_MAX_CPU_ISA} says so)
     * multiply in bf16 natively: AVX512-BF16 (Cooper Lake and Sapphire Rapids Xeons with AMX, AMD Zen 4 and 5) or
     * AVX2-VNNI-2. oneDNN's ISA values are bit masks that contain those of the ISAs below them.
     */
    public static boolean hasBf16Instructions() {
        int isa = dnnl_get_effective_cpu_isa();
        return (isa & dnnl_cpu_isa_avx512_core_bf16) == dnnl_cpu_isa_avx512_core_bf16
                || (isa & dnnl_cpu_isa_avx2_vnni_2) == dnnl_cpu_isa_avx2_vnni_2;
    }

    /**
     * Refuses bf16 products where they would be emulated: on AVX-512 without its bf16 instructions oneDNN's emulation
     * ran the carbon step at 0.44× fp32's speed (BENCHMARKS.md §1), and on AVX2 it has none.
     */
    public static void requireBf16Instructions() {
        if (!hasBf16Instructions()) {
            throw new IllegalStateException("oneDNN has no bf16 matrix product on this CPU with bf16 instructions"
                    + " (AVX512-BF16, AMX or AVX2-VNNI-2), only an emulation slower than fp32; train in fp32"
                    + " (leave out --bf16)");
        }
    }

    /** The implementation oneDNN chose for a shape, e.g. {@code brg_matmul:avx512_core_bf16}: what the CPU runs. */
    public String implementation(long m, long k, long n, boolean transposeA, boolean transposeB, Precision precision) {
        return primitives.computeIfAbsent(new Shape(m, k, n, transposeA, transposeB, precision), this::create)
                .implementation;
    }

    /** oneDNN reads the buffer from the array's first element on, row-major and without gaps. */
    private static INDArray dense(INDArray x) {
        if (x.dataType() != DataType.FLOAT || x.rank() != 2 || x.ordering() != 'c' || x.elementWiseStride() != 1) {
            throw new IllegalArgumentException("expected a dense c-order FLOAT matrix, got " + x.shapeInfoToString());
        }
        return x;
    }

    private record Shape(long m, long k, long n, boolean transposeA, boolean transposeB, Precision precision) {}

    /**
     * A primitive for one shape, with memory objects whose data pointers are set at each call (for bf16, those of the
     * fp32 inputs the rounding reads).
     */
    private record Primitive(
            dnnl_primitive primitive,
            String implementation,
            dnnl_memory a,
            dnnl_memory b,
            dnnl_memory c,
            dnnl_exec_arg_t arguments,
            Rounding rounding) {}

    /**
     * The two fp32 → bf16 reorders of a bf16 product, with the buffers they write: held here, since JavaCPP frees a
     * buffer once nothing on the Java side refers to it, and oneDNN's memory objects do not count.
     */
    private record Rounding(Step a, Step b, ShortPointer bufferA, ShortPointer bufferB) {}

    /** One primitive with its arguments. */
    private record Step(dnnl_primitive primitive, dnnl_exec_arg_t arguments, int count) {
        void execute(dnnl_stream stream) {
            check(dnnl_primitive_execute(primitive, stream, count, arguments), "reorder");
        }
    }

    private Primitive create(Shape s) {
        boolean bf16 = s.precision == Precision.BF16;
        if (bf16) {
            requireBf16Instructions();
        }
        dnnl_memory_desc a = matrix(s.m, s.k, s.transposeA, dnnl_f32);
        dnnl_memory_desc b = matrix(s.k, s.n, s.transposeB, dnnl_f32);
        dnnl_memory_desc c = matrix(s.m, s.n, false, dnnl_f32);
        dnnl_memory memoryA = memory(a, null);
        dnnl_memory memoryB = memory(b, null);
        dnnl_memory memoryC = memory(c, null);
        dnnl_memory sourceA = memoryA;
        dnnl_memory sourceB = memoryB;
        dnnl_memory_desc productA = a;
        dnnl_memory_desc productB = b;
        Rounding rounding = null;
        if (bf16) {
            productA = matrix(s.m, s.k, s.transposeA, dnnl_bf16);
            productB = matrix(s.k, s.n, s.transposeB, dnnl_bf16);
            ShortPointer bufferA = new ShortPointer(s.m * s.k);
            ShortPointer bufferB = new ShortPointer(s.k * s.n);
            sourceA = memory(productA, bufferA);
            sourceB = memory(productB, bufferB);
            rounding = new Rounding(
                    reorder(a, memoryA, productA, sourceA), reorder(b, memoryB, productB, sourceB), bufferA, bufferB);
        }
        dnnl_primitive_attr attributes = new dnnl_primitive_attr();
        check(dnnl_primitive_attr_create(attributes), "attributes");
        dnnl_primitive_desc descriptor = new dnnl_primitive_desc();
        int status = dnnl_matmul_primitive_desc_create(descriptor, engine, productA, productB, null, c, attributes);
        if (status != dnnl_success && bf16) {
            throw new IllegalStateException("oneDNN has no bf16 matrix product on this CPU (status " + status
                    + "); train in fp32 (leave out --bf16)");
        }
        check(status, "matmul " + s);
        dnnl_primitive primitive = new dnnl_primitive();
        check(dnnl_primitive_create(primitive, descriptor), "primitive " + s);
        dnnl_exec_arg_t arguments =
                arguments(new int[] {DNNL_ARG_SRC, DNNL_ARG_WEIGHTS, DNNL_ARG_DST}, sourceA, sourceB, memoryC);
        return new Primitive(primitive, implementation(descriptor), memoryA, memoryB, memoryC, arguments, rounding);
    }

    private Step reorder(dnnl_memory_desc from, dnnl_memory fromMemory, dnnl_memory_desc to, dnnl_memory toMemory) {
        dnnl_primitive_desc descriptor = new dnnl_primitive_desc();
        check(dnnl_reorder_primitive_desc_create(descriptor, from, engine, to, engine, null), "reorder");
        dnnl_primitive primitive = new dnnl_primitive();
        check(dnnl_primitive_create(primitive, descriptor), "reorder primitive");
        return new Step(primitive, arguments(new int[] {DNNL_ARG_FROM, DNNL_ARG_TO}, fromMemory, toMemory), 2);
    }

    private static dnnl_exec_arg_t arguments(int[] kinds, dnnl_memory... memories) {
        dnnl_exec_arg_t arguments = new dnnl_exec_arg_t(kinds.length);
        for (int i = 0; i < kinds.length; i++) {
            arguments.position(i).arg(kinds[i]).memory(memories[i]);
        }
        return arguments.position(0);
    }

    private static String implementation(dnnl_primitive_desc descriptor) {
        PointerPointer<BytePointer> name = new PointerPointer<>(1);
        check(dnnl_primitive_desc_query(descriptor, dnnl_query_impl_info_str, 0, name), "implementation");
        return name.getString(0);
    }

    /** A rows × cols matrix stored row-major, or, transposed, stored as its cols × rows transpose. */
    private static dnnl_memory_desc matrix(long rows, long cols, boolean transposed, int type) {
        dnnl_memory_desc d = new dnnl_memory_desc();
        long[] strides = transposed ? new long[] {1, rows} : new long[] {cols, 1};
        check(dnnl_memory_desc_create_with_strides(d, 2, new long[] {rows, cols}, type, strides), "descriptor");
        return d;
    }

    /** @param buffer its own buffer, or null for one whose buffer is set at each call */
    private dnnl_memory memory(dnnl_memory_desc d, org.bytedeco.javacpp.Pointer buffer) {
        dnnl_memory memory = new dnnl_memory();
        check(dnnl_memory_create(memory, d, engine, buffer), "memory");
        return memory;
    }

    private static void check(int status, String what) {
        if (status != dnnl_success) {
            throw new IllegalStateException("oneDNN failed (status " + status + ") at " + what);
        }
    }
}
