"""Synthetic face templates: seeded, made-up vectors that behave like a face matcher's output.

A face-recognition system turns a photo into a **template** (also called an *embedding*):
a list of numbers, here a unit vector of 128 numbers. Two photos of the same person give
templates that point in nearly the same direction; photos of different people give
templates at a wide angle.

This module makes such templates **without any real faces**. Each made-up person has a
hidden direction; each *capture* (one photo) is that direction plus random noise, scaled back
to length 1. The **capture quality** sets the noise: 1.0 is a careful passport photo,
0.0 a blurry selfie in a busy shop.

The two **groups** ("Group A" and "Group B") are a *model*, not data about real groups of
people: in Group B, different people's templates share a common direction, so strangers in
Group B look more alike to the matcher. This is how a matcher trained mostly on other faces
can produce more false matches for some groups (see Lesson 03).

>>> population = make_population(people=50, captures=3, seed=1)
>>> population.templates.shape
(50, 3, 128)
>>> bool(np.allclose(np.linalg.norm(population.templates, axis=-1), 1.0))
True
"""

from __future__ import annotations

from dataclasses import dataclass

from collections.abc import Mapping

import numpy as np

from facenumbers.models.validation import require_count, require_number, require_rate

__all__ = ["GROUPS", "Population", "make_population", "noise_for_quality"]

GROUPS = ("Group A", "Group B")
#: How much strangers in each group look alike to the model matcher (share of a common
#: direction). Illustrative model settings, not measurements of real people.
DEFAULT_GROUP_LIKENESS = {"Group A": 0.0, "Group B": 0.12}


def noise_for_quality(quality: float) -> float:
    """Within-person noise for a capture quality from 0 (poor selfie) to 1 (passport photo).

    >>> noise_for_quality(1.0), noise_for_quality(0.0)
    (0.45, 1.05)
    """
    quality = require_rate(quality, "quality")
    return round(0.45 + 0.6 * (1.0 - quality), 10)


@dataclass(frozen=True)
class Population:
    """Synthetic people and their captures.

    ``templates[i, k]`` is capture ``k`` of person ``i`` (a unit vector); ``group[i]`` is the
    person's group; ``names[i]`` a made-up label such as ``"Person 007"``.
    """

    templates: np.ndarray
    group: np.ndarray
    names: tuple[str, ...]
    quality: float
    seed: int

    @property
    def people(self) -> int:
        """How many people."""
        return int(self.templates.shape[0])

    @property
    def captures(self) -> int:
        """How many captures each person has."""
        return int(self.templates.shape[1])

    def capture(self, person: int, capture: int = 0) -> np.ndarray:
        """One capture's template, by person and capture number (both from 0)."""
        person = require_count(person, "person", minimum=0, maximum=self.people - 1)
        capture = require_count(capture, "capture", minimum=0, maximum=self.captures - 1)
        return self.templates[person, capture]


def _unit(vectors: np.ndarray) -> np.ndarray:
    return vectors / np.linalg.norm(vectors, axis=-1, keepdims=True)


def make_population(
    people: int = 200,
    captures: int = 4,
    dimensions: int = 128,
    quality: float = 0.7,
    group_likeness: dict[str, float] | None = None,
    seed: int = 2019,
) -> Population:
    """A seeded synthetic population: ``people`` identities with ``captures`` captures each.

    People alternate between the groups (0, 2, 4, ... in Group A; 1, 3, ... in Group B). The
    same seed always gives the same population. ``quality`` changes only the noise of the
    captures, never who the people are, so moving it shows its effect alone.

    >>> a = make_population(people=10, seed=7)
    >>> b = make_population(people=10, seed=7)
    >>> bool(np.array_equal(a.templates, b.templates))
    True
    """
    people = require_count(people, "people", minimum=2, maximum=100_000)
    captures = require_count(captures, "captures", minimum=1, maximum=50)
    dimensions = require_count(dimensions, "dimensions", minimum=2, maximum=4096)
    quality = require_rate(quality, "quality")
    seed = require_count(seed, "seed", minimum=0)
    if people * captures * dimensions > 50_000_000:
        raise ValueError(
            "people x captures x dimensions must be at most 50,000,000 (memory); "
            f"got {people * captures * dimensions:,}."
        )
    if group_likeness is not None:
        if not isinstance(group_likeness, Mapping):
            raise TypeError("group_likeness must map group names to proportions, such as "
                            f"{{'{GROUPS[0]}': 0.3}}; got a {type(group_likeness).__name__}.")
        unknown = [name for name in group_likeness if name not in GROUPS]
        if unknown:
            raise ValueError(f"group_likeness keys must be among {', '.join(GROUPS)}; got "
                             f"{unknown[0]!r:.40}.")
    likeness = dict(DEFAULT_GROUP_LIKENESS if group_likeness is None else group_likeness)
    for name in GROUPS:
        likeness[name] = require_rate(likeness.get(name, 0.0), f"group_likeness[{name!r}]")

    identity_rng = np.random.default_rng([seed, 1])
    capture_rng = np.random.default_rng([seed, 2])
    group = np.array([GROUPS[i % len(GROUPS)] for i in range(people)])
    shared = _unit(identity_rng.standard_normal((len(GROUPS), dimensions)))
    own = _unit(identity_rng.standard_normal((people, dimensions)))
    weights = np.array([likeness[g] for g in group])[:, None]
    group_index = np.array([GROUPS.index(g) for g in group])
    identities = _unit(np.sqrt(1 - weights) * own + np.sqrt(weights) * shared[group_index])

    noise_scale = require_number(noise_for_quality(quality), "noise") / np.sqrt(dimensions)
    noise = capture_rng.standard_normal((people, captures, dimensions)) * noise_scale
    templates = _unit(identities[:, None, :] + noise)
    names = tuple(f"Person {i + 1:03d}" for i in range(people))
    return Population(templates=templates, group=group, names=names, quality=quality, seed=seed)
