//! The run-start event: what a run is of, built once from the scenario, so that every
//! sink (recorders, the campaign ledger, the live picture) takes its names and layout
//! from the event stream instead of keeping its own copy of the scenario's tables.

use tdome_core::event::{AssetInfo, BatteryInfo, RaidInfo, RunStart, SensorInfo};
use tdome_scenario::model::Scenario;

/// The run-start record of a run of `scenario` from root seed `seed`.
pub fn run_start(scenario: &Scenario, seed: u64) -> RunStart {
    RunStart {
        scenario: scenario.name.clone(),
        seed,
        epoch: scenario.epoch,
        duration: scenario.duration,
        tick: scenario.tick,
        origin: scenario.origin,
        assets: scenario
            .assets
            .iter()
            .map(|a| AssetInfo {
                name: a.name.clone(),
                value: a.value,
                polygon: a
                    .area
                    .vertices()
                    .iter()
                    .map(|v| [v.lat_deg(), v.lon_deg()])
                    .collect(),
            })
            .collect(),
        sensors: scenario
            .sensors
            .iter()
            .map(|s| SensorInfo {
                name: s.name.clone(),
                site: s.site,
                first_scan: s.first_scan,
                azimuth_sector: s.coverage.azimuth_sector.map(|a| (a.start, a.width)),
                max_range: s.coverage.max_range,
                min_elevation: s.coverage.min_elevation,
                max_elevation: s.coverage.max_elevation,
                scan_period: s.scan_period,
                data_source: s.data_source,
            })
            .collect(),
        batteries: scenario
            .batteries
            .iter()
            .map(|b| BatteryInfo {
                name: b.name.clone(),
                layer: b.layer,
                site: b.site,
                interceptor_type: b.interceptor.name.clone(),
                rounds: b.rounds,
                reserve: b.reserve_rounds,
                round_cost: b.interceptor.unit_cost,
                max_range: b.interceptor.max_range,
                mode: scenario
                    .bmc
                    .modes
                    .initial
                    .get(&b.id)
                    .copied()
                    .unwrap_or_default(),
            })
            .collect(),
        raids: scenario
            .raids
            .iter()
            .map(|r| RaidInfo {
                name: r.name.clone(),
                threat_type: r.threat.name.clone(),
                count: r.count,
            })
            .collect(),
        bmc_data_source: scenario.bmc_data_source,
    }
}

#[cfg(test)]
mod tests {
    use tdome_core::ids::DataSourceId;

    use super::run_start;

    #[test]
    fn the_run_start_names_each_radars_data_source_and_the_battle_managers() {
        let scenario = tdome_scenario::default_scenario().expect("the default scenario loads");
        let start = run_start(&scenario, scenario.seed);
        let sources: Vec<(&str, DataSourceId)> = start
            .sensors
            .iter()
            .map(|s| (s.name.as_str(), s.data_source))
            .collect();
        let expected: Vec<(&str, DataSourceId)> = scenario
            .sensors
            .iter()
            .map(|s| (s.name.as_str(), s.data_source))
            .collect();
        assert_eq!(sources, expected);
        // The default scenario sets them, so they are not the serde default 0/0.
        assert_eq!(
            start.sensors[0].data_source,
            DataSourceId { sac: 25, sic: 1 }
        );
        assert_eq!(start.bmc_data_source, DataSourceId { sac: 25, sic: 100 });
    }
}
