//! The order and dependencies of questions and computed values: positions, forward references
//! and cycles, for the checker.

use super::model::Definition;
use std::collections::{BTreeMap, BTreeSet};

/// The position of each question in the order they are asked.
pub(super) fn positions(def: &Definition) -> BTreeMap<&str, usize> {
    def.questions()
        .enumerate()
        .map(|(i, (_, q))| (q.id.as_str(), i))
        .collect()
}

/// The position of the latest question `id` depends on (itself for a question), `None` if unknown.
pub(super) fn latest_input(
    def: &Definition,
    pos: &BTreeMap<&str, usize>,
    id: &str,
    depth: usize,
) -> Option<usize> {
    if let Some(p) = pos.get(id) {
        return Some(*p);
    }
    let c = def.computed_value(id)?;
    if depth > 16 {
        return None; // a cycle, reported on its own
    }
    c.of.iter()
        .filter_map(|of| latest_input(def, pos, of, depth + 1))
        .max()
}

/// Each cycle in the graph once, as the ids along it ending where it started.
pub(super) fn cycles<'a>(deps: &BTreeMap<&'a str, Vec<&'a str>>) -> Vec<Vec<&'a str>> {
    let mut found: Vec<Vec<&str>> = Vec::new();
    let mut reported: BTreeSet<BTreeSet<&str>> = BTreeSet::new();
    for &start in deps.keys() {
        let mut stack: Vec<(&str, Vec<&str>)> = vec![(start, vec![start])];
        while let Some((node, path)) = stack.pop() {
            for &next in deps.get(node).into_iter().flatten() {
                if next == start {
                    let members: BTreeSet<&str> = path.iter().copied().collect();
                    if reported.insert(members) {
                        let mut cycle = path.clone();
                        cycle.push(start);
                        found.push(cycle);
                    }
                } else if !path.contains(&next) && path.len() < 32 {
                    let mut p = path.clone();
                    p.push(next);
                    stack.push((next, p));
                }
            }
        }
    }
    found
}
