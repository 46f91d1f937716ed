//! The options table's searches may be shared among threads in a large pass: the orders
//! must not depend on how many there are.

#[path = "../examples/timing_world/mod.rs"]
mod timing_world;

use tdome_bmc::assign::options::PARALLEL_PAIRS;
use tdome_bmc::config::AssignmentRule;

/// Every decision and order of the first four cycles with threats to decide on, as text.
fn outputs(rule: AssignmentRule, threads: usize, tracks: usize) -> Vec<String> {
    let mut out = Vec::new();
    timing_world::assign_cycles(rule, threads, tracks, 3, |decisions, orders, _| {
        out.push(format!("{decisions:?}\n{orders:?}"));
    });
    out
}

#[test]
fn the_orders_do_not_depend_on_the_search_threads() {
    // 300 rockets against 100 batteries: 30,000 pairs in a pass, enough to be shared.
    let tracks = 300;
    assert!(tracks * timing_world::BATTERIES >= PARALLEL_PAIRS);
    for rule in [AssignmentRule::Layered, AssignmentRule::Local] {
        let one = outputs(rule, 1, tracks);
        assert_eq!(one.len(), 4);
        // The first pass orders shots (the comparison is not of empty lists).
        assert!(
            one[0].matches("EngagementOrder").count() > 50,
            "{}",
            one[0].chars().take(200).collect::<String>()
        );
        for threads in [2, 3, 8] {
            assert_eq!(outputs(rule, threads, tracks), one, "{threads} threads");
        }
    }
}
