"""How well the story stage reads the project's own training stories: 5-fold cross-validation of
the story model against the inverted pyramid alone (the figure in the README).

    .venv/bin/python scripts/story_cv.py [--folds 5]
"""
from __future__ import annotations

import argparse

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_score

from dotterel.events.salience import pyramid_scores, story_features
from dotterel.events.train import training_stories
from dotterel.ontology import load_ontology
from dotterel.pipeline import Coder, Options


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--c", type=float, default=2.0, help="inverse regularisation, as `dotterel train` uses")
    args = ap.parse_args()
    stories = training_stories(load_ontology("plover"))
    coder = Coder(Options(time_limit_s=0))
    rows, labels, pyramid = [], [], []
    for result in coder.pipe((i, s.text, None, None) for i, s in enumerate(stories)):
        doc = result.document
        if doc is None:
            continue
        rows.append(story_features(doc))
        labels.append(stories[result.key].event)
        scores = pyramid_scores(doc)
        pyramid.append(scores.most_common(1)[0][0] if scores else None)
    x = DictVectorizer().fit_transform(rows)
    model = LogisticRegression(C=args.c, max_iter=3000, class_weight="balanced")
    folds = StratifiedKFold(n_splits=args.folds, shuffle=True, random_state=0)
    cv = cross_val_score(model, x, labels, cv=folds)
    print(f"{len(labels)} stories; story model {args.folds}-fold accuracy {cv.mean():.3f} "
          f"(folds {', '.join(f'{v:.3f}' for v in cv)}); inverted pyramid alone "
          f"{np.mean([p == g for p, g in zip(pyramid, labels)]):.3f}")


if __name__ == "__main__":
    main()
