import numpy as np
import pytest

from tunelab import datasets

NOTEBOOK = {
    "source": "make_classification",
    "options": {"n_samples": 1000, "n_features": 10, "n_informative": 5, "n_redundant": 2,
                "n_classes": 2, "random_state": 42},
    "test_size": 0.2,
    "split_seed": 42,
}


def test_the_notebooks_dataset_and_split():
    X, y = datasets.load_xy(NOTEBOOK)
    data = datasets.split(X, y, NOTEBOOK["test_size"], NOTEBOOK["split_seed"])
    summary = datasets.summarize("classification", y, data)
    assert (summary["n_samples"], summary["n_features"]) == (1000, 10)
    assert (summary["n_train"], summary["n_test"]) == (800, 200)
    assert f"{summary['positive_fraction']:.1%}" == "50.3%"
    assert data.y_train.mean() == pytest.approx(data.y_test.mean(), abs=0.01)  # stratified


@pytest.mark.parametrize("source, shape", [("breast_cancer", (569, 30)), ("digits", (1797, 64)), ("wine", (178, 13))])
def test_bundled_datasets(source, shape):
    X, y = datasets.load_xy({"source": source})
    assert X.shape == shape and len(y) == shape[0]


def test_csv_round_trip_is_bit_exact(tmp_path):
    X, y = datasets.load_xy(NOTEBOOK)
    path = tmp_path / "part.csv"
    datasets.write_part(path, X, y)
    X_back, y_back = datasets.read_part(path)
    assert np.array_equal(X, X_back) and np.array_equal(y, y_back)
    datasets.write_part(tmp_path / "again.csv", X_back, y_back)
    assert path.read_bytes() == (tmp_path / "again.csv").read_bytes()
