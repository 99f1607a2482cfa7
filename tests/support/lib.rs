//! Helpers shared by the end-to-end and acceptance tests.
