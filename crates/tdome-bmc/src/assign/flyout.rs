//! Flyout tables for planning: each guided interceptor type's time of flight against
//! ground range and altitude, flown once by the physics when the battle manager starts,
//! looked up in O(1) inside the assignment loop (which never integrates).

use std::collections::BTreeMap;
use std::sync::Arc;

use tdome_core::defence::InterceptorType;
use tdome_core::{Angle, Geodetic, Length, Speed};
use tdome_physics::interceptor::{
    FlyoutGrid, FlyoutTable, FlyoutTableError, InterceptorModel, Reachability,
};

/// Columns of ground range from the type's minimum to its maximum range. With 24 the
/// cells are 1.7 km for Tamir-class (40 km) and 8 km for Tien Kung III-class (200 km):
/// bilinear error is second order in the spacing (docs/physics.md: within 1.5 % of the
/// time of flight at 1.4 km spacing for the short-range airframe).
const RANGE_NODES: usize = 20;

/// Rows of altitude from the type's floor to its ceiling.
const ALTITUDE_NODES: usize = 16;

/// Integration step of the table's flights, seconds: coarser than the world's flyout
/// (20 ms), since a table node's time of flight is read to tenths of a second and its
/// end game is solved within the step either way.
const TABLE_STEP_S: f64 = 0.1;

/// Slowest useful arrival (assumed): below it an interceptor has lost the speed
/// advantage it needs to turn onto a target, and the point counts as out of reach. The
/// notional short-range airframe of docs/physics.md arrives at 250 m/s or more at the
/// edge of its envelope.
const MIN_ARRIVAL_SPEED_MPS: f64 = 250.0;

/// Least lateral acceleration an interceptor must have left at the intercept point
/// (assumed, 5 g): a non-manoeuvring threat needs little once the interceptor is on a
/// collision course, but the heading error at seeker acquisition and the threat's own
/// drag and lift need some; a coasting missile in thin air (PAC-3-class above 20 km after
/// burnout, modelled without its attitude-control motors) has less, and missed by
/// hundreds of metres when planned there.
const MIN_LATERAL_ACCELERATION_MPS2: f64 = 5.0 * 9.806_65;

/// Largest miss from a fixed point that still counts as arriving there: PN against a
/// fixed point misses by millimetres unless the airframe cannot turn onto it.
const MAX_MISS_M: f64 = 50.0;

/// The grid of `interceptor`'s envelope.
pub fn envelope_grid(interceptor: &InterceptorType) -> FlyoutGrid {
    // The launcher itself is no intercept point: a column at zero range is not flown.
    let min_range = interceptor.min_range.si().max(100.0);
    FlyoutGrid {
        min_range: Length::metres(min_range),
        max_range: Length::metres(interceptor.max_range.si().max(min_range + 1.0)),
        range_nodes: RANGE_NODES,
        min_altitude: interceptor.min_altitude,
        max_altitude: Length::metres(
            interceptor
                .max_altitude
                .si()
                .max(interceptor.min_altitude.si() + 1.0),
        ),
        altitude_nodes: ALTITUDE_NODES,
    }
}

/// The flyout table of `model` (the airframe and guidance of `interceptor`) from `site`.
pub fn build(
    interceptor: &InterceptorType,
    model: &InterceptorModel,
    site: Geodetic,
) -> Result<FlyoutTable, FlyoutTableError> {
    FlyoutTable::build(
        &model.airframe,
        &model.guidance,
        site,
        // One azimuth serves all: the Earth's rotation changes the time of flight by
        // under 0.05 % over the compass (docs/physics.md).
        Angle::degrees(0.0),
        &envelope_grid(interceptor),
        &Reachability {
            min_arrival_speed: Speed::metres_per_second(MIN_ARRIVAL_SPEED_MPS),
            max_miss: Length::metres(MAX_MISS_M),
            min_lateral_acceleration_mps2: MIN_LATERAL_ACCELERATION_MPS2,
        },
        TABLE_STEP_S,
    )
}

/// Tables for the interceptor types of `batteries` that have a flyout model in
/// `models` (by type name), one per type, flown from the first battery of the type at
/// sea level: a launcher's height and latitude change the time of flight little next
/// to the table's own interpolation error. A type whose table cannot be built plans at
/// its mean speed, as a gun does. The types' tables are flown on threads of their own
/// (each is a pure function of its inputs, so the result does not depend on the thread
/// count): they are the battle manager's whole start-up cost, paid once per process for
/// each distinct type, model and site (see [`FLOWN`]).
pub fn tables_for<'a>(
    batteries: impl IntoIterator<Item = &'a tdome_core::defence::BatteryDescription>,
    models: &BTreeMap<String, Arc<InterceptorModel>>,
) -> BTreeMap<String, Arc<FlyoutTable>> {
    let mut wanted: BTreeMap<&str, (&InterceptorType, &InterceptorModel, Geodetic)> =
        BTreeMap::new();
    for b in batteries {
        let name = b.interceptor.name.as_str();
        if let Some(model) = models.get(name) {
            wanted
                .entry(name)
                .or_insert((&b.interceptor, model, b.site.with_height(Length::ZERO)));
        }
    }
    let mut tables = BTreeMap::new();
    let mut to_fly = Vec::new();
    for (name, (interceptor, model, site)) in wanted {
        match FLOWN.find(interceptor, model, site) {
            Some(table) => {
                tables.insert(name.to_owned(), table);
            }
            None => to_fly.push((name, interceptor, model, site)),
        }
    }
    std::thread::scope(|scope| {
        let flying: Vec<_> = to_fly
            .into_iter()
            .map(|(name, interceptor, model, site)| {
                let handle = scope.spawn(move || build(interceptor, model, site));
                (name, interceptor, model, site, handle)
            })
            .collect();
        for (name, interceptor, model, site, handle) in flying {
            // A thread that panicked (it should not: the flyout returns errors) leaves
            // its type to plan at its mean speed, like a failed build.
            if let Ok(Ok(table)) = handle.join() {
                let table = Arc::new(table);
                FLOWN.keep(interceptor, model, site, &table);
                tables.insert(name.to_owned(), table);
            }
        }
    });
    tables
}

/// Tables already flown in this process, by everything a table depends on.
///
/// A table is a pure function of the interceptor type (its envelope sets the grid), the
/// flyout model and the site, so a run that finds its inputs here gets exactly the table
/// it would have flown: the results are the same whether or not it was cached, in any
/// order and on any thread. The memo matters to campaigns and benchmarks, which build
/// one battle manager per run from the same catalogue: flying the default scenario's five
/// tables costs about half a second, a seventh of a run. Inputs are compared whole (a
/// model with a NaN figure never matches, and is flown each time).
static FLOWN: FlownTables = FlownTables {
    entries: std::sync::Mutex::new(Vec::new()),
};

/// At most this many tables are kept; the oldest goes first. A sweep over catalogue
/// figures makes a new table per variant, and a few dozen cover any one campaign.
const FLOWN_TABLES_KEPT: usize = 64;

type FlownEntry = (
    InterceptorType,
    InterceptorModel,
    Geodetic,
    Arc<FlyoutTable>,
);

struct FlownTables {
    entries: std::sync::Mutex<Vec<FlownEntry>>,
}

impl FlownTables {
    fn find(
        &self,
        interceptor: &InterceptorType,
        model: &InterceptorModel,
        site: Geodetic,
    ) -> Option<Arc<FlyoutTable>> {
        // A poisoned lock only means another thread panicked while holding it; the
        // entries it guards are whole either way (a push or a remove).
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .iter()
            .find(|(i, m, s, _)| i == interceptor && m == model && *s == site)
            .map(|(_, _, _, table)| Arc::clone(table))
    }

    fn keep(
        &self,
        interceptor: &InterceptorType,
        model: &InterceptorModel,
        site: Geodetic,
        table: &Arc<FlyoutTable>,
    ) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries
            .iter()
            .any(|(i, m, s, _)| i == interceptor && m == model && *s == site)
        {
            return;
        }
        if entries.len() >= FLOWN_TABLES_KEPT {
            entries.remove(0);
        }
        entries.push((interceptor.clone(), model.clone(), site, Arc::clone(table)));
    }
}
