"""The hit model's fit: a logistic regression with a ridge prior and a group-share offset.

:func:`fit_ridge` maximises the Bernoulli likelihood with a Gaussian prior of a given
precision on every coefficient (the intercept is free), by L-BFGS with the exact gradient;
:func:`fit_standardised` learns the :class:`~infimate.hit.design.Encoding` of a training
frame, standardises its columns and fits with the style's group hit share as the offset.

Example
-------
>>> import numpy as np
>>> X = np.array([[0.0], [0.0], [1.0], [1.0]])
>>> y = np.array([0.0, 1.0, 1.0, 1.0])  # x = 1 always hits: without a prior the slope diverges
>>> fit_ridge(X, y, np.zeros(4), precision=1.0).round(2)
array([0.9 , 0.42])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy.optimize import minimize

from infimate.hit.design import NUMERIC, Encoding, group_offset


def fit_ridge(X: np.ndarray, y: np.ndarray, offset: np.ndarray, precision: float) -> np.ndarray:
    """``[intercept, coefficients…]`` of a logistic regression with ``offset`` and a
    Gaussian prior of ``precision`` on every coefficient (the intercept is free)."""
    Xb = np.c_[np.ones(len(y)), X]
    pen = np.r_[0.0, np.full(X.shape[1], precision)]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = Xb @ w + offset
        value = float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * np.sum(pen * w * w))
        grad: np.ndarray = Xb.T @ (1.0 / (1.0 + np.exp(-z)) - y) + pen * w
        return value, grad

    out: np.ndarray = minimize(loss, np.zeros(Xb.shape[1]), jac=True, method="L-BFGS-B").x
    return out


@dataclass(frozen=True)
class StandardFit:
    """One standardised fit: what :func:`_fit` learned from a training frame."""

    encoding: Encoding
    mean: np.ndarray
    sd: np.ndarray
    params: np.ndarray

    def z(self, prods: pl.DataFrame) -> np.ndarray:
        z: np.ndarray = (self.encoding.matrix(prods) - self.mean) / self.sd
        return z

    def deviation(self, prods: pl.DataFrame) -> np.ndarray:
        dev: np.ndarray = self.params[0] + self.z(prods) @ self.params[1:]
        return dev


def fit_standardised(prods: pl.DataFrame, y: np.ndarray, precision: float) -> StandardFit:
    enc = Encoding.learn(prods)
    X = enc.matrix(prods)
    mean, sd = X.mean(axis=0), X.std(axis=0)
    numeric = np.arange(X.shape[1]) < len(NUMERIC)
    sd = np.where(numeric & (sd > 1e-12), sd, 1.0)
    return StandardFit(enc, mean, sd, fit_ridge((X - mean) / sd, y, group_offset(prods), precision))
