"""Layout prototype for the fused ensemble: times three ways to lay out M members of 10x300 in one ONNX graph.

Not part of the build. Needs python with numpy, onnx and onnxruntime. Usage: python fused_layouts.py 50
  A [M,N,w]   layer 1 stacked, hidden layers as batched MatMul [M,N,w] x [M,w,w]
  B [M,w,N]   transposed activations, batched MatMul [M,w,w] x [M,w,N]
  D split+2D  layer 1 stacked, split, per-member 2-D MatMuls (the layout FusedEnsemble writes)
Random weights, no biases or statistics: only the matrix work is timed. One intra-op thread.
"""
import numpy as np, onnx, onnxruntime as ort, time, sys
from onnx import helper as h, TensorProto as T, numpy_helper as nh
M, W, L = int(sys.argv[1]), 300, 10
rng = np.random.default_rng(0)
W1 = (rng.normal(size=(M, 5, W))*0.4).astype(np.float32)
Wh = [(rng.normal(size=(M, W, W))/np.sqrt(W)).astype(np.float32) for _ in range(L-1)]
Wo = (rng.normal(size=(M, W, 1))/np.sqrt(W)).astype(np.float32)
def model(nodes, inits, out_shape):
    g = h.make_graph(nodes, "g", [h.make_tensor_value_info("x", T.FLOAT, ["N", 5])], [h.make_tensor_value_info("z", T.FLOAT, out_shape)], inits)
    m = h.make_model(g, opset_imports=[h.make_opsetid("", 17)]); m.ir_version = 8
    return m.SerializeToString()
def layoutA():
    nodes=[]; inits=[]
    inits.append(nh.from_array(W1.transpose(1,0,2).reshape(5, M*W), "w0"))
    inits.append(nh.from_array(np.array([-1, M, W], np.int64), "shp"))
    nodes += [h.make_node("MatMul", ["x","w0"], ["a0"]), h.make_node("Relu", ["a0"], ["r0"]), h.make_node("Reshape", ["r0","shp"], ["s0"]), h.make_node("Transpose", ["s0"], ["h0"], perm=[1,0,2])]
    prev="h0"
    for l, w in enumerate(Wh):
        inits.append(nh.from_array(w, f"w{l+1}")); nodes += [h.make_node("MatMul", [prev, f"w{l+1}"], [f"a{l+1}"]), h.make_node("Relu", [f"a{l+1}"], [f"h{l+1}"])]; prev=f"h{l+1}"
    inits.append(nh.from_array(Wo, "wo")); nodes.append(h.make_node("MatMul", [prev, "wo"], ["z"]))
    return model(nodes, inits, [M, "N", 1])
def layoutB():
    nodes=[]; inits=[]
    inits.append(nh.from_array(W1.transpose(0,2,1).reshape(M*W, 5), "w0"))
    inits.append(nh.from_array(np.array([M, W, -1], np.int64), "shp"))
    nodes += [h.make_node("Transpose", ["x"], ["xt"], perm=[1,0]), h.make_node("MatMul", ["w0","xt"], ["a0"]), h.make_node("Relu", ["a0"], ["r0"]), h.make_node("Reshape", ["r0","shp"], ["h0"])]
    prev="h0"
    for l, w in enumerate(Wh):
        inits.append(nh.from_array(np.ascontiguousarray(w.transpose(0,2,1)), f"w{l+1}")); nodes += [h.make_node("MatMul", [f"w{l+1}", prev], [f"a{l+1}"]), h.make_node("Relu", [f"a{l+1}"], [f"h{l+1}"])]; prev=f"h{l+1}"
    inits.append(nh.from_array(np.ascontiguousarray(Wo.transpose(0,2,1)), "wo")); nodes.append(h.make_node("MatMul", ["wo", prev], ["z"]))
    return model(nodes, inits, [M, 1, "N"])
def layoutD():
    nodes=[]; inits=[]; outs=[]
    inits.append(nh.from_array(W1.transpose(1,0,2).reshape(5, M*W), "w0"))
    nodes += [h.make_node("MatMul", ["x","w0"], ["a0"]), h.make_node("Relu", ["a0"], ["r0"]), h.make_node("Split", ["r0", "splits"], [f"m{m}h0" for m in range(M)], axis=1)]
    inits.append(nh.from_array(np.full(M, W, np.int64), "splits"))
    for m in range(M):
        prev=f"m{m}h0"
        for l, w in enumerate(Wh):
            inits.append(nh.from_array(w[m], f"m{m}w{l+1}")); nodes += [h.make_node("MatMul", [prev, f"m{m}w{l+1}"], [f"m{m}a{l+1}"]), h.make_node("Relu", [f"m{m}a{l+1}"], [f"m{m}h{l+1}"])]; prev=f"m{m}h{l+1}"
        inits.append(nh.from_array(Wo[m], f"m{m}wo")); nodes.append(h.make_node("MatMul", [prev, f"m{m}wo"], [f"m{m}z"])); outs.append(f"m{m}z")
    nodes.append(h.make_node("Concat", outs, ["z"], axis=1))
    return model(nodes, inits, ["N", M])
so = ort.SessionOptions(); so.intra_op_num_threads = 1; so.inter_op_num_threads = 1
sess = {k: ort.InferenceSession(f(), so) for k, f in [("A [M,N,w]", layoutA), ("B [M,w,N]", layoutB), ("D split+2D", layoutD)]}
for N in [1, 16, 64, 256, 1024]:
    x = rng.random((N, 5), dtype=np.float32)
    reps = max(2, int(100 / N))
    best = {k: 1e9 for k in sess}
    for _ in range(5):
        for k, s in sess.items():
            t = time.perf_counter()
            for _ in range(reps): s.run(None, {"x": x})
            best[k] = min(best[k], (time.perf_counter() - t) / reps)
    print(f"M={M} N={N:5d} " + "  ".join(f"{k}: {v*1e3:8.2f} ms ({v/N*1e6:7.1f} us/pt)" for k, v in best.items()), flush=True)
