"""PySpark and PyArrow, imported where a Spark run first needs them: the one place that does.

start-up: both are optional extras (``exportctl[spark]``, ``exportctl[parquet]``), and this
package must import without them: ``exportctl ledger`` imports :mod:`exportctl.spark.proof`
for row proofs on machines that have neither. Measured with ``python -X importtime -c "import
X"`` in a fresh process (2-core machine, median of 3): ``pyspark.sql`` 96 ms, ``pyarrow``
130 ms, ``pyarrow.parquet`` 15 ms more. The rest of the package imports at module top.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from exportctl.errors import ConfigError

__all__ = ["Spark", "arrow", "parquet", "spark"]


@dataclass(frozen=True)
class Spark:
    """The PySpark names the driver and the executors use."""

    SparkSession: Any
    SparkContext: Any
    SparkFiles: Any
    StorageLevel: Any
    F: Any  # pyspark.sql.functions
    StructType: Any
    to_arrow_schema: Any
    version: str
    home: str  # SPARK_HOME: where spark-submit and the jars are


@cache
def spark() -> Spark:
    """PySpark's names; ConfigError with the install command when PySpark is missing."""
    try:
        from pyspark import SparkContext, SparkFiles, StorageLevel, __version__
        from pyspark.find_spark_home import _find_spark_home
        from pyspark.sql import SparkSession
        from pyspark.sql import functions as F
        from pyspark.sql.pandas.types import to_arrow_schema
        from pyspark.sql.types import StructType
    except ImportError:
        raise ConfigError(
            "the Spark engine needs PySpark: pip install 'exportctl[spark]' (and a Java runtime)"
        ) from None
    return Spark(
        SparkSession,
        SparkContext,
        SparkFiles,
        StorageLevel,
        F,
        StructType,
        to_arrow_schema,
        __version__,
        _find_spark_home(),
    )


@cache
def arrow() -> Any:
    """The ``pyarrow`` module (a dependency of the ``spark`` extra: ``mapInArrow`` needs it)."""
    try:
        import pyarrow
    except ImportError:
        raise ConfigError("Arrow batches need pyarrow: pip install 'exportctl[spark]'") from None
    return pyarrow


@cache
def parquet() -> Any:
    """The ``pyarrow.parquet`` module, for Parquet output read back on the driver."""
    try:
        import pyarrow.parquet
    except ImportError:
        raise ConfigError(
            "Parquet output needs pyarrow: pip install 'exportctl[parquet]'"
        ) from None
    return pyarrow.parquet
