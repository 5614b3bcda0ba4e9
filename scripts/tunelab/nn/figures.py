"""The network figures: training curves, the learning-rate comparison, per-seed bars."""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from tunelab.figures import plt


def curves_figure(history: pd.DataFrame, title: str) -> Figure:
    """Part 8c: loss, train/test accuracy with their gap, and the learning-rate steps."""
    figure, (loss_ax, acc_ax, lr_ax) = plt.subplots(1, 3, figsize=(15, 4))
    loss_ax.plot(history["epoch"], history["train_loss"], color="#4C72B0")
    loss_ax.set_title("Training loss")
    acc_ax.plot(history["epoch"], history["train_score"], label="train")
    acc_ax.plot(history["epoch"], history["test_score"], label="test")
    acc_ax.fill_between(history["epoch"], history["test_score"], history["train_score"],
                        alpha=0.15, color="gray", label="train-test gap")
    acc_ax.set_title("Accuracy")
    acc_ax.legend()
    lr_ax.step(history["epoch"], history["learning_rate"], where="post", color="#C44E52")
    lr_ax.set_title("Learning rate (after each epoch)")
    for ax in (loss_ax, acc_ax, lr_ax):
        ax.set_xlabel("Epoch")
    figure.suptitle(title)
    figure.tight_layout()
    return figure


def lr_figure(histories: dict[str, pd.DataFrame]) -> Figure:
    """Part 8d: test accuracy per epoch, one line per learning rate."""
    figure, ax = plt.subplots(figsize=(10, 5))
    for lr, history in histories.items():
        ax.plot(history["epoch"], history["test_score"], label=f"lr={lr}", linewidth=2)
    ax.set_xlabel("Epoch", fontsize=12)
    ax.set_ylabel("Test Accuracy", fontsize=12)
    ax.set_title("Learning Rate Comparison", fontsize=13)
    ax.legend(fontsize=11)
    figure.tight_layout()
    return figure


def seeds_figure(summary: dict, title: str) -> Figure:
    """Part 7: one bar per seed and the mean, as the notebook draws it."""
    figure, ax = plt.subplots(figsize=(8, 3))
    scores = [score["test_score"] for score in summary["scores"]]
    ax.barh([f"Seed {seed}" for seed in summary["seeds"]], scores, color="#4C72B0",
            edgecolor="black", linewidth=0.5)
    ax.axvline(summary["mean"], color="red", linestyle="--", linewidth=2,
               label=f"Mean = {summary['mean']:.4f} ± {summary['std']:.4f}")
    ax.set_xlabel("Test Accuracy")
    ax.set_title(title)
    ax.legend()
    figure.tight_layout()
    return figure
