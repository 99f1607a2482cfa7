//! Tests of `backup`.

