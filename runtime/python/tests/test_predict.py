"""Model.predict: σ from the members, broadcasting, member arrays, batching, kinematics checks, options."""

from __future__ import annotations

import threading

import numpy as np
import onnxruntime
import pytest
import tinymodels

import xsdnn
from xsdnn import kinematics


@pytest.fixture
def model(tiny_dir):
    with xsdnn.load(tiny_dir) as m:
        yield m


def _reference_sigma(E, theta, omega, members=3, mass_number=12):
    """σ per member from the MLPs evaluated here in float64 on the float32 features."""
    x = xsdnn.features(E, theta, omega).reshape(-1, 5)
    scale = kinematics.scale_nb_per_sr_gev(E, theta).reshape(-1)
    return np.stack([tinymodels.mlp_r(tinymodels.mlp_weights(m), x) * scale * mass_number / 12 for m in range(members)])


def test_sigma_matches_the_network_evaluated_here(model):
    E = np.array([0.68, 1.2, 5.766, 0.5])
    theta = np.array([36.0, 30.0, 18.0, 145.0])
    omega = np.array([0.1, 0.4, 1.5, 0.0])
    mean, std, per_member = model.predict(E, theta, omega, members=True)
    expected = _reference_sigma(E, theta, omega)
    # ONNX Runtime computes the network in float32, the reference in float64: agreement to float32 rounding,
    # amplified by cancellation in the small random layers (the golden tests check 1e-6 against ORT itself).
    np.testing.assert_allclose(per_member, expected, rtol=3e-5)
    np.testing.assert_allclose(mean, expected.mean(axis=0), rtol=3e-5)
    np.testing.assert_allclose(std, expected.std(axis=0, ddof=0), rtol=1e-3)
    assert mean.dtype == std.dtype == per_member.dtype == np.float64


def test_mean_and_population_std_over_members(model):
    mean, std, per_member = model.predict([0.68, 1.0], 36.0, [0.1, 0.3], members=True)
    np.testing.assert_allclose(mean, per_member.mean(axis=0), rtol=1e-15)
    np.testing.assert_allclose(std, per_member.std(axis=0, ddof=0), rtol=1e-12)
    assert np.all(std > 0)


def test_broadcasting_scalars_and_vectors(model):
    omega = np.array([0.1, 0.2, 0.3, 0.4])
    mean, std = model.predict(0.68, 36.0, omega)
    assert mean.shape == std.shape == (4,)
    for i, w in enumerate(omega):
        m, s = model.predict(0.68, 36.0, w)
        assert m.shape == s.shape == ()
        assert m == mean[i] and s == std[i]


def test_broadcasting_a_grid(model):
    E = np.array([0.68, 1.2])[:, None]
    omega = np.array([0.1, 0.2, 0.3])[None, :]
    mean, std, per_member = model.predict(E, [36.0], omega, members=True)
    assert mean.shape == std.shape == (2, 3)
    assert per_member.shape == (3, 2, 3)
    flat_mean, _, flat_members = model.predict(
        np.repeat([0.68, 1.2], 3), 36.0, np.tile([0.1, 0.2, 0.3], 2), members=True
    )
    np.testing.assert_array_equal(mean.reshape(-1), flat_mean)
    np.testing.assert_array_equal(per_member.reshape(3, -1), flat_members)


def test_members_array_is_members_by_points(model):
    mean, std, per_member = model.predict(np.full(7, 1.0), np.linspace(10, 170, 7), 0.3, members=True)
    assert per_member.shape == (3, 7)
    two = model.predict(1.0, 30.0, 0.3)
    assert isinstance(two, tuple) and len(two) == 2


def test_lists_and_integers_are_accepted(model):
    a, _ = model.predict([1, 2], [30, 60], [0, 1])
    b, _ = model.predict(np.array([1.0, 2.0]), np.array([30.0, 60.0]), np.array([0.0, 1.0]))
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("batch_size", [1, 2, 7, 64, 1000])
def test_batch_size_chunking_gives_identical_results(model, batch_size):
    rng = np.random.default_rng(5)
    E = rng.uniform(0.2, 6.0, 200)
    theta = rng.uniform(5.0, 170.0, 200)
    omega = E * rng.uniform(0.0, 0.95, 200)
    whole = model.predict(E, theta, omega, members=True)
    chunked = model.predict(E, theta, omega, batch_size=batch_size, members=True)
    for a, b in zip(whole, chunked):
        np.testing.assert_array_equal(a, b)


def test_empty_input_gives_empty_arrays(model):
    mean, std, per_member = model.predict(np.array([]), 30.0, 0.1, members=True)
    assert mean.shape == std.shape == (0,)
    assert per_member.shape == (3, 0)


@pytest.mark.parametrize(
    "E, theta, omega, message",
    [
        ([1.0, 1.0, -1.0], 30.0, 0.1, "point 2: E = -1.0 GeV; expected a positive finite beam energy"),
        ([1.0, 0.0], 30.0, 0.1, "point 1: E = 0.0 GeV; expected a positive finite beam energy"),
        ([np.inf], 30.0, 0.1, "point 0: E = Infinity GeV; expected a positive finite beam energy"),
        ([np.nan], 30.0, 0.1, "point 0: E = NaN GeV; expected a positive finite beam energy"),
        (1.0, [30.0, 0.0], 0.1, "point 1: theta = 0.0 deg; expected 0 < theta <= 180 degrees"),
        (1.0, [180.5], 0.1, "point 0: theta = 180.5 deg; expected 0 < theta <= 180 degrees"),
        (1.0, 30.0, [0.1, 1.0], "point 1: omega = 1.0 GeV; expected 0 <= omega < E = 1.0 GeV"),
        (1.0, 30.0, [-1e-5], "point 0: omega = -1.0E-5 GeV; expected 0 <= omega < E = 1.0 GeV"),
        (2.5e7, 30.0, [3e7], "point 0: omega = 3.0E7 GeV; expected 0 <= omega < E = 2.5E7 GeV"),
        # The first bad point is named; within a point, E is checked before theta and omega.
        ([1.0, 1.0, -2.0], [30.0, 0.0, 0.0], [0.1, 0.1, 5.0], "point 1: theta = 0.0 deg"),
        ([-2.0], [0.0], [5.0], "point 0: E = -2.0 GeV"),
    ],
)
def test_invalid_kinematics_raise_naming_index_and_value(model, E, theta, omega, message):
    with pytest.raises(ValueError) as info:
        model.predict(E, theta, omega)
    assert str(info.value).startswith(message)


def test_invalid_kinematics_in_a_grid_name_the_index(model):
    with pytest.raises(ValueError, match=r"^point \(1, 2\): omega = 0\.7 GeV; expected 0 <= omega < E = 0\.68 GeV$"):
        model.predict(np.array([1.0, 0.68])[:, None], 36.0, np.array([0.1, 0.2, 0.7])[None, :])


def test_edges_of_the_valid_range_are_accepted(model):
    mean, _ = model.predict([1.0, 1.0], [180.0, 1e-3], [0.0, 0.999])
    assert np.all(np.isfinite(mean))


def test_shapes_that_do_not_broadcast_are_refused(model):
    with pytest.raises(
        ValueError, match=r"E, theta and omega must broadcast to one shape; got shapes \(3,\), \(2,\), \(\)"
    ):
        model.predict([1.0, 2.0, 3.0], [30.0, 40.0], 0.1)


def test_non_numbers_are_refused(model):
    with pytest.raises(ValueError, match="theta is not an array of numbers"):
        model.predict(1.0, "thirty", 0.1)


@pytest.mark.parametrize("batch_size", [0, -1, 2.5, True])
def test_bad_batch_size_is_refused(model, batch_size):
    with pytest.raises(ValueError, match="batch_size"):
        model.predict(1.0, 30.0, 0.1, batch_size=batch_size)


# ---- options ---------------------------------------------------------------------------------------------


def test_threads_give_the_same_results(tiny_dir):
    E, theta, omega = np.full(50, 1.0), np.linspace(10, 170, 50), 0.3
    with xsdnn.load(tiny_dir, threads=1) as one, xsdnn.load(tiny_dir, threads=2) as two:
        assert two.threads == 2
        np.testing.assert_allclose(one.predict(E, theta, omega)[0], two.predict(E, theta, omega)[0], rtol=1e-6)


@pytest.mark.parametrize("threads", [0, -2, 1.5, None])
def test_bad_threads_are_refused(tiny_dir, threads):
    with pytest.raises(ValueError, match="threads"):
        xsdnn.load(tiny_dir, threads=threads)


def test_unavailable_provider_is_refused_listing_what_exists(tiny_dir):
    with pytest.raises(ValueError) as info:
        xsdnn.load(tiny_dir, providers=["NoSuchExecutionProvider"])
    message = str(info.value)
    assert message.startswith('provider "NoSuchExecutionProvider" is not available in this onnxruntime build')
    assert str(onnxruntime.get_available_providers()) in message


def test_empty_providers_are_refused(tiny_dir):
    with pytest.raises(ValueError, match="providers is empty"):
        xsdnn.load(tiny_dir, providers=[])


def test_cpu_provider_by_name_or_with_options(tiny_dir):
    with xsdnn.load(tiny_dir, providers=["CPUExecutionProvider"]) as a:
        assert a.providers == ("CPUExecutionProvider",)
        assert a.warnings == ()
    with xsdnn.load(tiny_dir, providers=[("CPUExecutionProvider", {})]) as b:
        assert b.providers == ("CPUExecutionProvider",)


# ---- lifecycle -------------------------------------------------------------------------------------------


def test_closed_model_refuses_to_score(tiny_dir):
    model = xsdnn.load(tiny_dir)
    model.close()
    model.close()
    with pytest.raises(RuntimeError, match=r"^Trying to score a closed Model\.$"):
        model.predict(1.0, 30.0, 0.1)


def test_context_manager_closes(tiny_dir):
    with xsdnn.load(tiny_dir) as model:
        model.predict(1.0, 30.0, 0.1)
    with pytest.raises(RuntimeError):
        model.member_r(0, np.zeros((1, 5), dtype=np.float32))


def test_many_threads_share_one_model(model):
    E, theta, omega = np.full(100, 1.0), np.linspace(10, 170, 100), 0.3
    expected, _ = model.predict(E, theta, omega)
    results, errors = [], []

    def work():
        try:
            results.append(model.predict(E, theta, omega, batch_size=16)[0])
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    for r in results:
        np.testing.assert_array_equal(r, expected)


def test_member_r_checks_its_arguments(model):
    with pytest.raises(IndexError):
        model.member_r(3, np.zeros((1, 5), dtype=np.float32))
    with pytest.raises(ValueError, match=r"features has shape \[2, 4\]; expected \[n, 5\]"):
        model.member_r(0, np.zeros((2, 4), dtype=np.float32))


def test_repr_names_the_model(model):
    assert "name='tiny'" in repr(model) and "members=3" in repr(model)
