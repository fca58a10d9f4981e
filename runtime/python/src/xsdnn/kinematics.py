"""Kinematics of inclusive electron scattering and the network's input vector.

Units: beam energy E and energy transfer ω in GeV, scattering angle θ in degrees, Q² in GeV², cross
sections per nucleus in nb/(sr·GeV). The electron mass is neglected.

The input vector is (E/20, ω/20, θ/180, cos θ, Q²/100), in this order. Every function computes in float64
in the same order of operations as ``org.xsdnn.core.Kinematics``; :func:`features` casts each finished
feature to float32, as Java casts each to ``float``.
"""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np

__all__ = [
    "FEATURES",
    "FEATURE_ORDER",
    "INPUT_DESCRIPTION",
    "cos_theta",
    "q2",
    "scale_nb_per_sr_gev",
    "sigma_nb_per_sr_gev",
    "features",
    "validate",
]

#: Length of the network input vector.
FEATURES = 5
#: Names of the input features, in order, as recorded in model cards and metadata.
FEATURE_ORDER = "E/20,omega/20,theta/180,cos(theta),Q2/100"
#: The input vector as people write it; used in messages.
INPUT_DESCRIPTION = "(E/20, ω/20, θ/180, cos θ, Q²/100)"

ENERGY_SCALE_GEV = 20.0
THETA_SCALE_DEG = 180.0
Q2_SCALE_GEV2 = 100.0
#: 1/α used by the scale S(E, θ) of the published models.
INVERSE_ALPHA = 137.0
# java.lang.Math.toRadians multiplies by this constant (π/180).
_DEGREES_TO_RADIANS = 0.017453292519943295


def _f64(x) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def cos_theta(theta_deg) -> np.ndarray:
    """cos θ for θ in degrees."""
    return np.cos(_f64(theta_deg) * _DEGREES_TO_RADIANS)


def q2(energy_gev, theta_deg, omega_gev) -> np.ndarray:
    """Q² = 2E(E − ω)(1 − cos θ) in GeV²."""
    e = _f64(energy_gev)
    return 2.0 * e * (e - _f64(omega_gev)) * (1.0 - cos_theta(theta_deg))


def scale_nb_per_sr_gev(energy_gev, theta_deg) -> np.ndarray:
    """S(E, θ) = 10⁹ cos(θ/2) / (137² · 4E³ sin⁴(θ/2)) in nb/(sr·GeV), in float64.

    Turns the network's reduced output r ∈ (0, 1) into a carbon cross section; multiply by A/12 for
    other nuclei.
    """
    e = _f64(energy_gev)
    half = _f64(theta_deg) * _DEGREES_TO_RADIANS / 2.0
    s = np.sin(half)
    s2 = s * s
    return 1e9 * np.cos(half) / (INVERSE_ALPHA * INVERSE_ALPHA * 4.0 * e * e * e * s2 * s2)


def sigma_nb_per_sr_gev(r, energy_gev, theta_deg, mass_number: int) -> np.ndarray:
    """σ = r · S(E, θ) · A/12 in nb/(sr·GeV), in float64."""
    return _f64(r) * scale_nb_per_sr_gev(energy_gev, theta_deg) * mass_number / 12.0


def features(energy_gev, theta_deg, omega_gev) -> np.ndarray:
    """The scaled input vectors of broadcastable E [GeV], θ [deg], ω [GeV].

    Returns a C-contiguous float32 array of the broadcast shape plus a last axis of 5:
    (E/20, ω/20, θ/180, cos θ, Q²/100), each computed in float64 and then rounded to float32.
    Does not validate; see :func:`validate`.
    """
    e, t, w = np.broadcast_arrays(_f64(energy_gev), _f64(theta_deg), _f64(omega_gev))
    c = cos_theta(t)
    q = 2.0 * e * (e - w) * (1.0 - c)
    out = np.empty(e.shape + (FEATURES,), dtype=np.float32)
    out[..., 0] = e / ENERGY_SCALE_GEV
    out[..., 1] = w / ENERGY_SCALE_GEV
    out[..., 2] = t / THETA_SCALE_DEG
    out[..., 3] = c
    out[..., 4] = q / Q2_SCALE_GEV2
    return out


def validate(energy_gev: float, theta_deg: float, omega_gev: float) -> str | None:
    """Checks that one point is physical: E > 0 and finite, 0 < θ ≤ 180, 0 ≤ ω < E.

    Returns None when valid, otherwise the sentence the Java runtime gives (numbers written as Java
    writes doubles, e.g. ``-1.0``, ``1.0E-5``, ``NaN``).
    """
    e, t, w = float(energy_gev), float(theta_deg), float(omega_gev)
    if not (e > 0) or math.isinf(e):
        return f"E = {java_double(e)} GeV; expected a positive finite beam energy"
    if not (0 < t <= 180):
        return f"theta = {java_double(t)} deg; expected 0 < theta <= 180 degrees"
    if not (0 <= w < e):
        return f"omega = {java_double(w)} GeV; expected 0 <= omega < E = {java_double(e)} GeV"
    return None


def java_double(x: float) -> str:
    """``x`` as ``Double.toString`` writes it: shortest digits, ``1.0``, ``1.0E-5``, ``NaN``, ``Infinity``."""
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    sign = "-" if math.copysign(1.0, x) < 0 else ""
    if x == 0:
        return sign + "0.0"
    d = Decimal(repr(abs(x)))
    digits = "".join(map(str, d.as_tuple().digits)).rstrip("0") or "0"
    exponent = d.adjusted()
    if 1e-3 <= abs(x) < 1e7:
        if exponent >= 0:
            whole = digits[: exponent + 1].ljust(exponent + 1, "0")
            fraction = digits[exponent + 1 :] or "0"
            return f"{sign}{whole}.{fraction}"
        return f"{sign}0.{'0' * (-exponent - 1)}{digits}"
    return f"{sign}{digits[0]}.{digits[1:] or '0'}E{exponent}"
