//! `tdome mc`, `tdome mc merge` and `tdome report` end to end: files, shards, Ctrl-C,
//! and a clear error for every bad input.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

mod common;

use common::{root, scratch, tdome, text};
use tdome_campaign::campaign::Provenance;
use tdome_campaign::results::Results;

const MINIMAL: &str = "scenarios/tests/minimal.toml";

#[test]
fn a_campaign_writes_its_tables_prints_its_summary_and_reports() {
    let dir = scratch("mc");
    let d = dir.to_str().unwrap();
    let out = tdome(&["mc", MINIMAL, "--runs", "6", "--threads", "2", "--out", d]);
    let stdout = text(&out.stdout);
    assert!(out.status.success(), "{stdout}{}", text(&out.stderr));
    for expected in [
        "6 replication(s) of 1 variant(s), root seed 7, 2 thread(s)",
        "Finished 6 of 6 replication(s)",
        "leakers (threats that hit a defended asset)",
        "95% CI",
        "P(at least one leaker)",
        "Convergence:",
        "notional",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
    let (results, _) = Results::read(&dir).unwrap();
    assert_eq!(results.runs.len(), 6);
    let p = Provenance::read(&dir).unwrap();
    assert_eq!((p.runs_complete, p.interrupted, p.root_seed), (6, false, 7));
    let out = tdome(&["report", d]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let page = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(page.contains("minimal"));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn shards_run_by_the_command_merge_into_the_whole_campaign() {
    let dir = scratch("mc-shards");
    let whole = dir.join("whole");
    let args = [
        "--runs",
        "5",
        "--seed",
        "3",
        "--vary",
        "raid.grad.count=2,4",
    ];
    let run = |extra: &[&str], out: &std::path::Path| {
        let mut a = vec!["mc", MINIMAL];
        a.extend(args);
        a.extend(extra);
        a.extend(["--out", out.to_str().unwrap()]);
        let o = tdome(&a);
        assert!(o.status.success(), "{a:?}: {}", text(&o.stderr));
    };
    run(&["--threads", "2"], &whole);
    let mut shards = Vec::new();
    for i in 0..3 {
        let s = dir.join(format!("s{i}"));
        run(&["--threads", "1", "--shard", &format!("{i}/3")], &s);
        shards.push(s);
    }
    let merged = dir.join("merged");
    let mut a = vec!["mc", "merge"];
    a.extend(shards.iter().rev().map(|s| s.to_str().unwrap()));
    a.extend(["--out", merged.to_str().unwrap()]);
    let o = tdome(&a);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("Merged 3 shard(s): 10 replication(s) of 2 variant(s)"));
    assert_eq!(
        Results::read(&merged).unwrap().0,
        Results::read(&whole).unwrap().0
    );
    // A missing shard is said.
    let o = tdome(&[
        "mc",
        "merge",
        shards[0].to_str().unwrap(),
        "--out",
        merged.to_str().unwrap(),
    ]);
    assert!(
        text(&o.stdout).contains("Incomplete: 1 of 5 runs present"),
        "{}",
        text(&o.stdout)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_campaign_input_is_a_clear_error_with_exit_2() {
    let dir = scratch("mc-bad");
    let d = dir.to_str().unwrap();
    for (args, says) in [
        (
            vec!["mc", MINIMAL, "--shard", "3/2", "--out", d],
            "0 ≤ i < M",
        ),
        (vec!["mc", MINIMAL, "--runs", "0", "--out", d], "0"),
        (
            vec!["mc", MINIMAL, "--vary", "raid.rockets.count=3", "--out", d],
            "no element named `rockets`",
        ),
        (
            vec!["mc", MINIMAL, "--vary", "raid.grad.count=0", "--out", d],
            "minimal.toml:",
        ),
        (
            vec!["mc", MINIMAL, "--vary", "raid.grad.count", "--out", d],
            "path=values",
        ),
        (
            vec!["mc", MINIMAL, "--compare", "network=integrated", "--out", d],
            "at least two values",
        ),
        (vec!["mc", MINIMAL], "--out"),
        (vec!["mc", "merge", d, "--out", d], "campaign.json"),
        (vec!["report", d], "campaign.json"),
    ] {
        let o = tdome(&args);
        let stderr = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(says), "{args:?}: {says:?} not in {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    // A campaign whose table is damaged: named, not a panic.
    let o = tdome(&["mc", MINIMAL, "--runs", "1", "--out", d]);
    assert!(o.status.success());
    std::fs::write(dir.join("threats.parquet"), b"PAR1 damaged").unwrap();
    let o = tdome(&["report", d]);
    let stderr = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("threats.parquet"), "{stderr}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn ctrl_c_keeps_the_runs_finished_readable_and_says_how_many() {
    let dir = scratch("mc-int");
    let mut child = Command::new(env!("CARGO_BIN_EXE_tdome"))
        .args(["mc", MINIMAL, "--runs", "100000", "--threads", "2", "--out"])
        .arg(&dir)
        .current_dir(root())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The header is printed once the campaign is planned and the handler set.
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut header = String::new();
    stdout.read_line(&mut header).unwrap();
    assert!(header.starts_with("tdome mc"), "{header}");
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let killed = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut stdout, &mut rest).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130), "{rest}");
    assert!(rest.contains("Stopped by Ctrl-C"), "{rest}");
    let p = Provenance::read(&dir).unwrap();
    assert!(p.interrupted);
    assert!(
        p.runs_complete >= 1 && p.runs_complete < 100_000,
        "{}",
        p.runs_complete
    );
    let (results, _) = Results::read(&dir).unwrap();
    assert!(results.runs.len() as u64 >= p.runs_complete);
    assert!(
        rest.contains(&format!("the {} run(s) finished", p.runs_complete)),
        "{rest}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The command of the Kubernetes manifest's container: its folded `args` block.
fn kubernetes_command() -> String {
    let manifest =
        std::fs::read_to_string(root().join("deploy/kubernetes/tdome-mc-job.yaml")).unwrap();
    let mut lines = manifest.lines().skip_while(|l| l.trim() != "- >-");
    lines.next().expect("the manifest's args block");
    lines
        .take_while(|l| l.starts_with("              "))
        .map(str::trim)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn four_shards_from_the_slurm_array_and_the_kubernetes_job_merge_into_one_run() {
    let dir = scratch("mc-sched");
    let whole = dir.join("whole");
    let o = tdome(&[
        "mc",
        MINIMAL,
        "--runs",
        "9",
        "--out",
        whole.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_tdome"));
    // Slurm: array tasks 0..3 of an array of 4.
    let slurm = dir.join("slurm");
    for i in 0..4 {
        let o = Command::new("bash")
            .arg(root().join("deploy/slurm/tdome-mc.sbatch"))
            .args([MINIMAL, "9", slurm.to_str().unwrap()])
            .env("SLURM_ARRAY_TASK_ID", i.to_string())
            .env("SLURM_ARRAY_TASK_COUNT", "4")
            .env("SLURM_CPUS_PER_TASK", "2")
            .env("TDOME", bin)
            .current_dir(root())
            .output()
            .unwrap();
        assert!(o.status.success(), "task {i}: {}", text(&o.stderr));
    }
    // Kubernetes: pods with completion indices 0..3 of 4, the manifest's own command
    // with the test's scenario and results directory for its mounts.
    let k8s = dir.join("k8s");
    let command = kubernetes_command()
        .replace("/scenarios/taiwan-notional.toml", MINIMAL)
        .replace("/results/taiwan", k8s.to_str().unwrap());
    assert!(
        command.contains("--shard \"$JOB_COMPLETION_INDEX/$SHARDS\""),
        "{command}"
    );
    for i in 0..4 {
        let path = format!(
            "{}:{}",
            bin.parent().unwrap().display(),
            std::env::var("PATH").unwrap_or_default()
        );
        let o = Command::new("sh")
            .args(["-c", &command])
            .env("PATH", path)
            .env("JOB_COMPLETION_INDEX", i.to_string())
            .env("RUNS", "9")
            .env("SHARDS", "4")
            .env("THREADS", "1")
            .current_dir(root())
            .output()
            .unwrap();
        assert!(o.status.success(), "pod {i}: {}", text(&o.stderr));
    }
    let expected = Results::read(&whole).unwrap().0;
    for (name, root_dir) in [("slurm", &slurm), ("k8s", &k8s)] {
        let merged = dir.join(format!("{name}-merged"));
        let mut a = vec!["mc".to_owned(), "merge".to_owned()];
        a.extend((0..4).map(|i| root_dir.join(format!("shard-{i}")).display().to_string()));
        a.extend(["--out".to_owned(), merged.display().to_string()]);
        let args: Vec<&str> = a.iter().map(String::as_str).collect();
        let o = tdome(&args);
        assert!(o.status.success(), "{name}: {}", text(&o.stderr));
        assert_eq!(Results::read(&merged).unwrap().0, expected, "{name}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
