//! What the defence is made of: defended assets, layers, interceptor types and batteries.
//! These descriptions are shared by the world (which flies and resolves the shots) and the
//! battle manager (which plans them); battery *status* is what changes during a run.

use std::sync::Arc;

use crate::area::GeoPolygon;
use crate::geodesy::Geodetic;
use crate::ids::{AssetId, BatteryId};
use crate::threat::{TargetCategory, ThreatKind};
use crate::time::SimDuration;
use crate::units::{Length, Probability, Speed, Usd};

/// A defended asset: a footprint on the ground with a value to protect.
#[derive(Clone, Debug)]
pub struct DefendedAsset {
    /// Index in the scenario.
    pub id: AssetId,
    /// The scenario's name for it.
    pub name: String,
    /// Relative value (dimensionless, scenario-defined), used to rank threats.
    pub value: f64,
    /// The footprint.
    pub area: GeoPolygon,
    /// Height of the ground in the footprint above the WGS-84 ellipsoid: a threat falling
    /// on the asset lands where its flight descends through it (a town on a hill is
    /// struck short of where the same arc meets the ellipsoid).
    pub ground_height: Length,
}

/// A layer of the defence, outermost first. The order is the default shot preference:
/// an outer layer that can engage does, leaving inner layers a second chance.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// Exo- or high-endo-atmospheric (THAAD, Arrow 3, Tien Kung IV class).
    Upper,
    /// Endo-atmospheric area defence (PAC-3 MSE, Tien Kung III, David's Sling class).
    Middle,
    /// Short-range (Iron Dome, NASAMS class).
    Lower,
    /// Point defence: guns and lasers.
    Point,
}

impl Layer {
    /// The lower-case name used in files and records.
    pub fn name(self) -> &'static str {
        match self {
            Layer::Upper => "upper",
            Layer::Middle => "middle",
            Layer::Lower => "lower",
            Layer::Point => "point",
        }
    }
}

/// A figure per target category, refined by threat kind where one is given: the shape of
/// an interceptor type's kill probabilities and of a laser's dwell times.
///
/// Two views of one table: the world, which knows what a threat really is, asks
/// [`ByThreat::against_kind`]; the battle manager, which can only tell a ballistic arc
/// from a lifting flight (its classifier gives a [`TargetCategory`]), plans with
/// [`ByThreat::against`], the category's figure.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ByThreat<T> {
    /// Against ballistic targets (ballistic missiles and rockets).
    pub ballistic: Option<T>,
    /// Against air-breathing targets (cruise missiles and drones).
    pub air_breathing: Option<T>,
    /// Figures for single kinds, in the order of [`ThreatKind::ALL`], each refining its
    /// category's (which must then be given); `None` takes the category's figure.
    pub by_kind: [Option<T>; 4],
}

/// Single-shot kill probability of an interceptor against each target category, refined
/// by threat kind where the catalogue gives one. `None` for a category means the
/// interceptor cannot engage that category at all.
pub type PkTable = ByThreat<Probability>;

impl<T: Copy> ByThreat<T> {
    /// A table by category only.
    pub fn by_category(ballistic: Option<T>, air_breathing: Option<T>) -> Self {
        ByThreat {
            ballistic,
            air_breathing,
            by_kind: [None; 4],
        }
    }

    /// The figure against `category`, if there is one: what the battle manager plans
    /// with.
    pub fn against(&self, category: TargetCategory) -> Option<T> {
        match category {
            TargetCategory::Ballistic => self.ballistic,
            TargetCategory::AirBreathing => self.air_breathing,
        }
    }

    /// The figure against a threat of `kind`, if its category has one: the kind's own
    /// where there is one, else the category's.
    pub fn against_kind(&self, kind: ThreatKind) -> Option<T> {
        let category = self.against(kind.category())?;
        Some(self.by_kind[kind.index()].unwrap_or(category))
    }
}

/// How a type delivers its kill; the rest of [`InterceptorType`] (envelope, reaction,
/// P_k, cost) is common to all three.
#[derive(Clone, Debug, PartialEq)]
pub enum Effector {
    /// A missile: flown by the physics when the scenario has its airframe, else a
    /// straight line at the type's mean speed.
    Missile,
    /// A gun firing bursts of shells: one "round" of the battery is one burst.
    Gun(GunBurst),
    /// A high-energy laser: one "round" is one shot, the beam held on a threat until it
    /// has taken enough energy.
    Laser(Laser),
}

/// A gun's burst and its shells' flight (notional figures, catalogue
/// `[interceptor.gun]`).
///
/// A shell flies a straight line and slows under drag alone: with the drag force
/// ½ρv²C_dA at sea-level density, dv/ds = −k·v with k = ρ₀C_dA / (2m), so
/// v(s) = v₀·e^(−ks) and the time to fly s is (e^(ks) − 1) / (k·v₀). Gravity drop and
/// thinner air aloft are left to the fire-control solution (they shift the aim, not the
/// time, by a few per cent over a gun's few kilometres).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GunBurst {
    /// Shells in one burst.
    pub rounds_per_burst: u32,
    /// Rate of fire of the mount (all barrels), shells per minute.
    pub rate_of_fire_rpm: f64,
    /// Muzzle velocity.
    pub muzzle_velocity: Speed,
    /// k = ρ₀C_dA / (2m), per metre: the shell's speed falls by e per 1/k metres.
    pub drag_per_m: f64,
    /// The slant range the type's burst P_k is quoted at: beyond it the pattern spreads
    /// ([`GunBurst::pk_at`]).
    pub pattern_reference_range: Length,
}

impl GunBurst {
    /// How long the mount fires one burst, seconds.
    pub fn burst_duration_s(&self) -> f64 {
        f64::from(self.rounds_per_burst) * 60.0 / self.rate_of_fire_rpm
    }

    /// Time for a shell to fly `slant_m` metres, seconds.
    pub fn shell_flight_s(&self, slant_m: f64) -> f64 {
        let (k, v0) = (self.drag_per_m, self.muzzle_velocity.si());
        if k * slant_m < 1e-9 {
            return slant_m / v0;
        }
        (k * slant_m).exp_m1() / (k * v0)
    }

    /// A shell's speed after flying `slant_m` metres.
    pub fn shell_speed(&self, slant_m: f64) -> Speed {
        Speed::metres_per_second(self.muzzle_velocity.si() * (-self.drag_per_m * slant_m).exp())
    }

    /// Time from the burst's first shell to the middle of its pattern at `slant_m`:
    /// half the burst, then the shell's flight. The battle manager's "time of flight"
    /// for a gun.
    pub fn time_to_pattern_s(&self, slant_m: f64) -> f64 {
        0.5 * self.burst_duration_s() + self.shell_flight_s(slant_m)
    }

    /// A burst's kill probability at `slant_m` metres, given `p_ref` at the reference
    /// range. The shells' aim errors are angular, so beyond the reference range the
    /// pattern's area grows with the square of the range and each shell's chance of
    /// covering the threat falls with it: a burst of n shells, each killing with a small
    /// p, kills with 1 − (1 − p)^n, and at range R it acts as n·(R₀/R)² such shells,
    /// so P(R) = 1 − (1 − P₀)^((R₀/R)²). Nearer than R₀ no gain is credited (the
    /// pattern has not opened: the fuze sets the burst point, not the range).
    pub fn pk_at(&self, p_ref: f64, slant_m: f64) -> f64 {
        let r0 = self.pattern_reference_range.si();
        if slant_m <= r0 {
            return p_ref;
        }
        let shells = (r0 / slant_m).powi(2);
        1.0 - (1.0 - p_ref).powf(shells)
    }

    /// The farthest the pattern's middle gets within `seconds` of the first shell.
    pub fn reach_within_m(&self, seconds: f64) -> f64 {
        let t = (seconds - 0.5 * self.burst_duration_s()).max(0.0);
        let (k, v0) = (self.drag_per_m, self.muzzle_velocity.si());
        if k <= 0.0 {
            return v0 * t;
        }
        (k * v0 * t).ln_1p() / k
    }
}

/// A high-energy laser (notional figures, catalogue `[interceptor.laser]`).
///
/// It kills by heating one spot of the threat until it fails, which takes a fluence
/// (energy per area) set by the threat. The irradiance on the spot falls with the
/// square of the slant range R beyond the reference range (a divergence-limited spot;
/// nearer, beam quality and jitter hold the spot size, and no gain is credited) and
/// with the air's transmission e^(−αR). So the dwell to kill at range R is the
/// reference dwell times (max(R, R₀) / R₀)² · e^(αR − α₀R₀), where α is the extinction
/// coefficient of the run's weather and α₀ that of the clear air (23 km visibility) the
/// reference dwell is quoted in. Turbulence, thermal blooming and the threat's spin
/// are not modelled.
#[derive(Clone, Debug, PartialEq)]
pub struct Laser {
    /// Dwell to kill at the reference range in clear air, seconds, by target category
    /// and kind.
    pub dwell_s: ByThreat<f64>,
    /// The range the dwell figures are quoted at.
    pub reference_range: Length,
    /// Wavelength, micrometres (sets the extinction for a visibility).
    pub wavelength_um: f64,
    /// Extinction coefficient of the air in the run's weather, per metre.
    pub extinction_per_m: f64,
    /// Extinction coefficient of the clear air the dwell figures are quoted in, per
    /// metre.
    pub reference_extinction_per_m: f64,
}

impl Laser {
    /// Dwell to kill at `slant_m` metres for a threat whose reference dwell is
    /// `reference_s` seconds.
    pub fn dwell_at_s(&self, reference_s: f64, slant_m: f64) -> f64 {
        let r0 = self.reference_range.si();
        let spread = (slant_m.max(r0) / r0).powi(2);
        let air = (self.extinction_per_m * slant_m - self.reference_extinction_per_m * r0).exp();
        reference_s * spread * air
    }

    /// The battle manager's planning dwell against `category` at `slant_m`, if the
    /// laser can engage it.
    pub fn dwell_against(&self, category: TargetCategory, slant_m: f64) -> Option<f64> {
        Some(self.dwell_at_s(self.dwell_s.against(category)?, slant_m))
    }

    /// The dwell against a threat of `kind` at `slant_m`, if the laser can engage it.
    pub fn dwell_against_kind(&self, kind: ThreatKind, slant_m: f64) -> Option<f64> {
        Some(self.dwell_at_s(self.dwell_s.against_kind(kind)?, slant_m))
    }
}

/// A notional interceptor (or gun burst) type: flyout kinematics, engagement envelope,
/// lethality and cost. All figures are notional, from public reporting named in `source`.
#[derive(Clone, Debug, PartialEq)]
pub struct InterceptorType {
    /// Catalogue name.
    pub name: String,
    /// Unit cost of one round.
    pub unit_cost: Usd,
    /// Mean flyout speed from launch to intercept, used for time of flight.
    pub mean_speed: Speed,
    /// Longest time of flight before the interceptor is spent.
    pub max_time_of_flight: SimDuration,
    /// Time from order to launch.
    pub reaction_time: SimDuration,
    /// Time for a battery's crew to reload one launcher from its reserve; `None` when
    /// its launchers are not reloaded during a run.
    pub reload_time: Option<SimDuration>,
    /// Minimum ground range from the battery to the intercept point.
    pub min_range: Length,
    /// Maximum ground range from the battery to the intercept point.
    pub max_range: Length,
    /// Minimum intercept altitude above the ellipsoid.
    pub min_altitude: Length,
    /// Maximum intercept altitude above the ellipsoid.
    pub max_altitude: Length,
    /// Radius around the commanded intercept point within which terminal homing can
    /// still reach the target; outside it the shot misses whatever P_k says.
    pub homing_basket: Length,
    /// Single-shot kill probability by target category.
    pub pk: PkTable,
    /// Notional radar cross-section of the interceptor in flight, m² (radars do not plot
    /// interceptors today; the figure is there for when they do).
    pub rcs_m2: f64,
    /// Public sources of the notional figures.
    pub source: String,
    /// A missile, a gun or a laser.
    pub effector: Effector,
}

impl InterceptorType {
    /// The time from launch to the kill at `slant_m` metres from the battery, for a type
    /// the physics does not fly (a guided missile's comes from its flyout table): a
    /// missile's at its mean speed, a gun's to the middle of its burst's pattern, a
    /// laser's dwell against `category` (`None` when the laser cannot engage it).
    pub fn unflown_time_s(&self, slant_m: f64, category: TargetCategory) -> Option<f64> {
        match &self.effector {
            Effector::Missile => Some(slant_m / self.mean_speed.si()),
            Effector::Gun(g) => Some(g.time_to_pattern_s(slant_m)),
            Effector::Laser(l) => l.dwell_against(category, slant_m),
        }
    }

    /// The battle manager's P_k against `category` for an intercept `slant_m` metres
    /// from the battery: a gun's burst spreads with range ([`GunBurst::pk_at`]); any
    /// other type's is its table's.
    pub fn pk_at(&self, category: TargetCategory, slant_m: f64) -> Option<f64> {
        Some(self.at_range(self.pk.against(category)?, slant_m))
    }

    /// The world's P_k against a threat of `kind` at `slant_m` metres, as
    /// [`InterceptorType::pk_at`].
    pub fn pk_at_kind(&self, kind: ThreatKind, slant_m: f64) -> Option<f64> {
        Some(self.at_range(self.pk.against_kind(kind)?, slant_m))
    }

    /// The table's P_k `p` at `slant_m` metres: a gun's thinned, any other as it is.
    fn at_range(&self, p: Probability, slant_m: f64) -> f64 {
        match &self.effector {
            Effector::Gun(g) => g.pk_at(p.value(), slant_m),
            _ => p.value(),
        }
    }

    /// The farthest (straight line, metres) [`InterceptorType::unflown_time_s`] allows
    /// within the maximum time of flight; a laser's beam is bounded by its envelope
    /// alone.
    pub fn unflown_reach_m(&self) -> f64 {
        let t = self.max_time_of_flight.as_seconds();
        match &self.effector {
            Effector::Missile => self.mean_speed.si() * t,
            Effector::Gun(g) => g.reach_within_m(t),
            Effector::Laser(_) => f64::INFINITY,
        }
    }
}

/// A firing battery as configured: where it is, what it fires, how much and how many at
/// once.
#[derive(Clone, Debug)]
pub struct BatteryDescription {
    /// Index in the scenario.
    pub id: BatteryId,
    /// The scenario's name for it.
    pub name: String,
    /// The layer it belongs to.
    pub layer: Layer,
    /// Launcher site (the battery's reference point).
    pub site: Geodetic,
    /// What it fires.
    pub interceptor: Arc<InterceptorType>,
    /// Rounds ready at the start of the run (launchers × rounds per launcher).
    pub rounds: u32,
    /// Rounds one launcher holds: what one reload puts back.
    pub rounds_per_launcher: u32,
    /// Rounds held at the battery to reload its launchers from, one launcher at a time
    /// (each reload takes the interceptor type's `reload_time`).
    pub reserve_rounds: u32,
    /// Engagements it can guide at once (fire channels).
    pub fire_channels: u32,
}

/// A battery's state as reported to the battle manager each cycle.
///
/// The one place its bookkeeping lives: the world keeps the true status with these
/// methods, and the battle manager plans a cycle's orders on a working copy with the
/// same ones, so the two cannot disagree about what an order takes or gives back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BatteryStatus {
    /// Which battery.
    pub id: BatteryId,
    /// Rounds left to fire.
    pub rounds_ready: u32,
    /// Engagements in flight, each holding a fire channel until it resolves.
    pub engagements_in_flight: u32,
    /// Fire channels in service: engagements it can guide at once. A report rather
    /// than the description's figure, so that a degraded battery can say so.
    pub fire_channels: u32,
}

/// Why a battery cannot take an engagement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unavailable {
    /// No round left on its launchers.
    NoRounds,
    /// Every fire channel is guiding an engagement.
    NoFireChannel,
}

impl Unavailable {
    /// The snake-case name used in records.
    pub fn name(self) -> &'static str {
        match self {
            Unavailable::NoRounds => "no_rounds",
            Unavailable::NoFireChannel => "no_fire_channel",
        }
    }
}

impl BatteryStatus {
    /// A battery at the start of a run: every round ready, every channel free.
    pub fn full(description: &BatteryDescription) -> Self {
        BatteryStatus {
            id: description.id,
            rounds_ready: description.rounds,
            engagements_in_flight: 0,
            fire_channels: description.fire_channels,
        }
    }

    /// Fire channels not guiding an engagement.
    pub fn free_channels(&self) -> u32 {
        self.fire_channels
            .saturating_sub(self.engagements_in_flight)
    }

    /// How many more engagements it can take now: rounds and free channels both.
    pub fn shots_available(&self) -> u32 {
        self.rounds_ready.min(self.free_channels())
    }

    /// True when the battery can take one more engagement now.
    pub fn can_fire(&self) -> bool {
        self.shots_available() > 0
    }

    /// Why it cannot take one more engagement now, if it cannot.
    pub fn unavailable(&self) -> Option<Unavailable> {
        if self.rounds_ready == 0 {
            Some(Unavailable::NoRounds)
        } else if self.free_channels() == 0 {
            Some(Unavailable::NoFireChannel)
        } else {
            None
        }
    }

    /// Take one engagement: a round leaves the magazine and a channel is held until
    /// [`BatteryStatus::release`]. Refused, changing nothing, when it cannot.
    pub fn take(&mut self) -> Result<(), Unavailable> {
        if let Some(why) = self.unavailable() {
            return Err(why);
        }
        self.rounds_ready -= 1;
        self.engagements_in_flight += 1;
        Ok(())
    }

    /// An engagement has resolved (intercepted, missed or spent): its channel is free.
    pub fn release(&mut self) {
        self.engagements_in_flight = self.engagements_in_flight.saturating_sub(1);
    }

    /// An engagement was withdrawn before launch: its round goes back on the launcher
    /// and its channel is free.
    pub fn withdraw(&mut self) {
        self.release();
        self.rounds_ready += 1;
    }
}

#[cfg(test)]
mod status_tests {
    use super::*;

    fn status(rounds: u32, channels: u32) -> BatteryStatus {
        BatteryStatus {
            id: BatteryId(0),
            rounds_ready: rounds,
            engagements_in_flight: 0,
            fire_channels: channels,
        }
    }

    #[test]
    fn an_engagement_takes_a_round_and_a_channel_until_it_resolves() {
        let mut s = status(3, 2);
        assert_eq!(s.shots_available(), 2);
        s.take().unwrap();
        s.take().unwrap();
        // Channels are the limit: a round left, but nothing to guide it.
        assert_eq!(s.take(), Err(Unavailable::NoFireChannel));
        assert_eq!((s.rounds_ready, s.engagements_in_flight), (1, 2));
        s.release();
        assert!(s.can_fire());
        s.take().unwrap();
        s.release();
        s.release();
        // Rounds are the limit now.
        assert_eq!(s.take(), Err(Unavailable::NoRounds));
        assert_eq!(s.free_channels(), 2);
        // A withdrawn engagement gives its round back.
        let mut s = status(1, 1);
        s.take().unwrap();
        s.withdraw();
        assert_eq!(s, status(1, 1));
        // Releasing more than was taken never underflows.
        s.release();
        assert_eq!(s.engagements_in_flight, 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kind_refines_its_category_and_never_opens_another() {
        let p = |v| Some(Probability::new(v).expect("p"));
        let mut table = PkTable::by_category(p(0.7), None);
        table.by_kind[ThreatKind::Rocket.index()] = p(0.9);
        assert_eq!(table.against_kind(ThreatKind::Rocket), p(0.9));
        assert_eq!(table.against_kind(ThreatKind::BallisticMissile), p(0.7));
        assert_eq!(table.against(TargetCategory::Ballistic), p(0.7));
        // A figure for a kind of a category the type cannot engage is never used (the
        // catalogue refuses one).
        table.by_kind[ThreatKind::Drone.index()] = p(0.5);
        assert_eq!(table.against_kind(ThreatKind::Drone), None);
        // The index is the kind's place in ALL.
        for (i, kind) in ThreatKind::ALL.into_iter().enumerate() {
            assert_eq!(kind.index(), i);
        }
    }
}
