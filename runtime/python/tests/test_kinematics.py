"""Features, the scale S(E, θ), Java-style number text and the SHA256SUMS format."""

from __future__ import annotations

import math

import numpy as np
import pytest

import xsdnn
from xsdnn import checksums, kinematics


def test_scale_matches_the_physics_notes():
    assert kinematics.scale_nb_per_sr_gev(0.68, 60.0) == pytest.approx(5.87e5, rel=2e-3)
    assert kinematics.scale_nb_per_sr_gev(5.766, 18.0) == pytest.approx(1.15e5, rel=5e-3)


def test_scale_equals_the_other_written_form():
    E, theta = 1.3, 42.0
    half = math.radians(theta) / 2
    other = 1e9 * math.cos(half) ** 2 / (137**2 * E * math.cos(half) * 4 * E**2 * math.sin(half) ** 4)
    assert kinematics.scale_nb_per_sr_gev(E, theta) == pytest.approx(other, rel=1e-14)


def test_features_in_order_and_float32():
    E, theta, omega = 2.0, 60.0, 0.5
    x = xsdnn.features(E, theta, omega)
    assert x.dtype == np.float32 and x.shape == (5,)
    q2 = 2 * E * (E - omega) * (1 - 0.5)
    np.testing.assert_allclose(x, np.float32([E / 20, omega / 20, theta / 180, 0.5, q2 / 100]), rtol=1e-7)


def test_features_are_rounded_once_from_float64():
    x = xsdnn.features(0.961, 37.5, 0.3)
    e = 0.961
    c = math.cos(37.5 * 0.017453292519943295)
    q2 = 2.0 * e * (e - 0.3) * (1.0 - c)
    expected = np.array([e / 20.0, 0.3 / 20.0, 37.5 / 180.0, c, q2 / 100.0]).astype(np.float32)
    np.testing.assert_array_equal(x, expected)


def test_features_broadcast():
    assert xsdnn.features([1.0, 2.0], 30.0, [[0.1], [0.2], [0.3]]).shape == (3, 2, 5)


def test_validate_accepts_physical_points():
    assert kinematics.validate(1.0, 180.0, 0.0) is None


@pytest.mark.parametrize(
    "value, text",
    [
        (1.0, "1.0"),
        (-1.0, "-1.0"),
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (0.68, "0.68"),
        (100.0, "100.0"),
        (1e-3, "0.001"),
        (9.99e-4, "9.99E-4"),
        (1e7, "1.0E7"),
        (1234567.5, "1234567.5"),
        (1.5e-5, "1.5E-5"),
        (float("nan"), "NaN"),
        (float("inf"), "Infinity"),
        (float("-inf"), "-Infinity"),
        (0.1 + 0.2, "0.30000000000000004"),
    ],
)
def test_numbers_are_written_as_java_writes_doubles(value, text):
    assert kinematics.java_double(value) == text


def test_checksum_file_round_trips_and_accepts_binary_marker():
    sums = {"model-card.json": "a" * 64, "member-00.onnx": "b" * 64}
    assert checksums.parse(checksums.format_sums(sums)) == sums
    assert checksums.parse(f"{'C' * 64} *member 01.onnx\r\n\n") == {"member 01.onnx": "c" * 64}


def test_checksum_line_without_name_is_refused():
    with pytest.raises(ValueError, match=r'^SHA256SUMS:2: "' + "0" * 64 + r'"; expected <64 hex digits>  <file name>$'):
        checksums.parse("\n" + "0" * 64 + "\n")
