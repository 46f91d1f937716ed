//! The interceptor as a vehicle: a boost–sustain–coast motor, Mach-dependent drag, and
//! the lateral acceleration the airframe can pull.

use tdome_core::{Angle, Mass};

use crate::aero::DragCurve;
use crate::ballistic::STANDARD_GRAVITY;

/// One burning phase of a solid motor (the boost grain or the sustain grain): constant
/// thrust and constant mass flow for `burn_time_s` seconds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MotorPhase {
    /// Thrust, newtons, constant through the phase.
    pub thrust_n: f64,
    /// Burn time, seconds.
    pub burn_time_s: f64,
    /// Propellant burnt during the phase, at a constant rate.
    pub propellant_mass: Mass,
}

impl MotorPhase {
    /// Mass flow ṁ = propellant / burn time, kg/s.
    pub fn mass_flow_kg_s(&self) -> f64 {
        self.propellant_mass.si() / self.burn_time_s
    }

    /// Total impulse T·t_b, newton-seconds.
    pub fn total_impulse_ns(&self) -> f64 {
        self.thrust_n * self.burn_time_s
    }

    /// Specific impulse T / (ṁ g₀), seconds (infinite for a phase that burns no
    /// propellant, which only validation airframes do).
    pub fn specific_impulse_s(&self) -> f64 {
        self.thrust_n / (self.mass_flow_kg_s() * STANDARD_GRAVITY)
    }

    fn validate(&self, phase: MotorPhaseName) -> Result<(), AirframeError> {
        if !(self.thrust_n.is_finite() && self.thrust_n >= 0.0) {
            return Err(AirframeError::Thrust(phase, self.thrust_n));
        }
        if !(self.burn_time_s.is_finite() && self.burn_time_s > 0.0) {
            return Err(AirframeError::BurnTime(phase, self.burn_time_s));
        }
        let mp = self.propellant_mass.si();
        if !(mp.is_finite() && mp >= 0.0) {
            return Err(AirframeError::PropellantMass(phase, mp));
        }
        Ok(())
    }
}

/// Which motor phase an [`AirframeError`] is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MotorPhaseName {
    /// The boost grain, burning from launch.
    Boost,
    /// The sustain grain, burning after the boost.
    Sustain,
}

impl std::fmt::Display for MotorPhaseName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            MotorPhaseName::Boost => "boost",
            MotorPhaseName::Sustain => "sustain",
        })
    }
}

/// How much lateral acceleration (normal to the velocity) the interceptor can pull.
///
/// The available acceleration at a moment is
///
/// a_max = min( n_max·g₀,  q·S·C_N,max / m  +  (T/m)·sin δ_max )
///
/// - n_max·g₀ is the **structural** (load-factor) limit;
/// - q·S·C_N,max / m is the **aerodynamic** limit: the normal force at the largest usable
///   normal-force coefficient, with dynamic pressure q = ½ρv², reference area S and the
///   current mass m. It falls with dynamic pressure, so a tactical interceptor high up or
///   slow cannot turn hard — which is why the g-limit is not a constant; `None` leaves
///   only the structural limit (the idealised airframe of the guidance textbooks);
/// - (T/m)·sin δ_max is what **thrust-vector control** adds while the motor burns (jet
///   vanes or a gimballed nozzle deflected by up to δ_max): it lets a vertically launched
///   interceptor pitch over at low speed, before there is dynamic pressure to turn on;
/// - a_divert is what the **divert thrusters** of an exo-atmospheric kill vehicle add
///   once the motor has burnt out (Arrow 3-, THAAD-class: the kill vehicle steers by
///   side thrusters, not by air, and they fire after the booster's last pulse). Above
///   ~60 km, where q·S·C_N/m is nothing, it is all the interceptor has.
///
/// The divert is modelled as an acceleration always available after burnout, without a
/// Δv budget: the flights it serves end within a minute or two of burnout and the
/// guidance asks for little once on a collision course. Its propellant is not burnt off.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LateralLimit {
    /// Structural limit, in g (multiples of g₀ = 9.80665 m/s²).
    pub max_load_factor: f64,
    /// Largest usable normal-force coefficient C_N,max (on the reference area), or `None`
    /// for no aerodynamic limit.
    pub max_normal_force_coefficient: Option<f64>,
    /// Largest thrust deflection δ_max; zero for no thrust-vector control.
    pub max_thrust_deflection: Angle,
    /// Lateral acceleration of the divert thrusters after burnout, m/s²; zero for none.
    pub divert_acceleration_mps2: f64,
}

impl LateralLimit {
    /// A limit that is the structural one only, `max_load_factor` g at any speed and
    /// height, without thrust-vector control.
    pub fn structural(max_load_factor: f64) -> Self {
        LateralLimit {
            max_load_factor,
            max_normal_force_coefficient: None,
            max_thrust_deflection: Angle::ZERO,
            divert_acceleration_mps2: 0.0,
        }
    }

    /// The lateral acceleration available, m/s², at dynamic pressure `q_pa` (Pa), with
    /// reference area `area_m2`, mass `mass_kg` and thrust `thrust_n` (zero thrust is
    /// burnout, when the divert thrusters take over).
    pub fn available_mps2(&self, q_pa: f64, area_m2: f64, mass_kg: f64, thrust_n: f64) -> f64 {
        let structural = self.max_load_factor * STANDARD_GRAVITY;
        let Some(cn_max) = self.max_normal_force_coefficient else {
            return structural;
        };
        let aero = q_pa * area_m2 * cn_max / mass_kg;
        let vectored = thrust_n / mass_kg * self.max_thrust_deflection.si().sin();
        let divert = if thrust_n > 0.0 {
            0.0
        } else {
            self.divert_acceleration_mps2
        };
        structural.min(aero + vectored + divert)
    }
}

/// A notional interceptor airframe and motor, flown as a point mass.
///
/// The motor burns the boost phase from launch, then the optional sustain phase, then the
/// interceptor coasts. Thrust acts along the velocity (the body is assumed to fly at small
/// angle of attack); drag acts against it with C_d(Mach) on `reference_area_m2`; the
/// guidance's lateral acceleration acts normal to it, within [`LateralLimit`]. Induced
/// drag from manoeuvring is not modelled (see `docs/physics.md`).
#[derive(Clone, Debug, PartialEq)]
pub struct InterceptorAirframe {
    /// Mass at launch, with all propellant.
    pub launch_mass: Mass,
    /// The boost phase, burning from launch.
    pub boost: MotorPhase,
    /// The sustain phase, burning straight after the boost, if the motor has one.
    pub sustain: Option<MotorPhase>,
    /// Aerodynamic reference area, m² (body cross-section).
    pub reference_area_m2: f64,
    /// Zero-lift drag coefficient against Mach, on the reference area.
    pub drag: DragCurve,
    /// Lateral acceleration the airframe can pull.
    pub lateral_limit: LateralLimit,
    /// Longest time of flight, seconds: battery life, seeker or self-destruct timer.
    pub max_time_of_flight_s: f64,
    /// Speed when leaving the launcher, m/s (the motor takes over from there).
    pub rail_exit_speed_mps: f64,
}

/// Why an [`InterceptorAirframe`] cannot be flown.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum AirframeError {
    /// The launch mass must be finite and positive.
    #[error("launch mass must be finite and positive, got {0} kg")]
    LaunchMass(f64),
    /// A phase's thrust must be finite and non-negative.
    #[error("{0} thrust must be finite and non-negative, got {1} N")]
    Thrust(MotorPhaseName, f64),
    /// A phase's burn time must be finite and positive.
    #[error("{0} burn time must be finite and positive, got {1} s")]
    BurnTime(MotorPhaseName, f64),
    /// A phase's propellant must be finite and non-negative.
    #[error("{0} propellant mass must be finite and non-negative, got {1} kg")]
    PropellantMass(MotorPhaseName, f64),
    /// All the propellant together must weigh less than the launch mass.
    #[error("propellant {propellant_kg} kg is not less than the launch mass {launch_kg} kg")]
    PropellantExceedsLaunchMass {
        /// Boost plus sustain propellant, kg.
        propellant_kg: f64,
        /// Launch mass, kg.
        launch_kg: f64,
    },
    /// The reference area must be finite and non-negative.
    #[error("reference area must be finite and non-negative, got {0} m²")]
    ReferenceArea(f64),
    /// The structural load factor must be finite and positive.
    #[error("maximum load factor must be finite and positive, got {0} g")]
    LoadFactor(f64),
    /// C_N,max must be finite and positive.
    #[error("maximum normal-force coefficient must be finite and positive, got {0}")]
    NormalForceCoefficient(f64),
    /// The thrust deflection must lie in [0°, 90°).
    #[error("maximum thrust deflection must be finite and in [0°, 90°), got {0}°")]
    ThrustDeflection(f64),
    /// The divert acceleration must be finite and non-negative.
    #[error("divert acceleration must be finite and non-negative, got {0} m/s²")]
    DivertAcceleration(f64),
    /// The maximum time of flight must be finite and positive.
    #[error("maximum time of flight must be finite and positive, got {0} s")]
    MaxTimeOfFlight(f64),
    /// The rail exit speed must be finite and non-negative.
    #[error("rail exit speed must be finite and non-negative, got {0} m/s")]
    RailExitSpeed(f64),
}

impl InterceptorAirframe {
    /// Check every figure: positive finite launch mass, each phase with non-negative
    /// thrust and propellant and a positive burn time, propellant below the launch mass,
    /// non-negative area and rail speed, a positive load factor, C_N,max and time of
    /// flight, a thrust deflection in [0°, 90°), a non-negative divert acceleration.
    pub fn validate(&self) -> Result<(), AirframeError> {
        let m0 = self.launch_mass.si();
        if !(m0.is_finite() && m0 > 0.0) {
            return Err(AirframeError::LaunchMass(m0));
        }
        self.boost.validate(MotorPhaseName::Boost)?;
        if let Some(sustain) = &self.sustain {
            sustain.validate(MotorPhaseName::Sustain)?;
        }
        let propellant = self.total_propellant().si();
        if propellant >= m0 {
            return Err(AirframeError::PropellantExceedsLaunchMass {
                propellant_kg: propellant,
                launch_kg: m0,
            });
        }
        if !(self.reference_area_m2.is_finite() && self.reference_area_m2 >= 0.0) {
            return Err(AirframeError::ReferenceArea(self.reference_area_m2));
        }
        let limit = &self.lateral_limit;
        if !(limit.max_load_factor.is_finite() && limit.max_load_factor > 0.0) {
            return Err(AirframeError::LoadFactor(limit.max_load_factor));
        }
        if let Some(cn) = limit.max_normal_force_coefficient
            && !(cn.is_finite() && cn > 0.0)
        {
            return Err(AirframeError::NormalForceCoefficient(cn));
        }
        let delta = limit.max_thrust_deflection.as_degrees();
        if !(delta.is_finite() && (0.0..90.0).contains(&delta)) {
            return Err(AirframeError::ThrustDeflection(delta));
        }
        let divert = limit.divert_acceleration_mps2;
        if !(divert.is_finite() && divert >= 0.0) {
            return Err(AirframeError::DivertAcceleration(divert));
        }
        if !(self.max_time_of_flight_s.is_finite() && self.max_time_of_flight_s > 0.0) {
            return Err(AirframeError::MaxTimeOfFlight(self.max_time_of_flight_s));
        }
        if !(self.rail_exit_speed_mps.is_finite() && self.rail_exit_speed_mps >= 0.0) {
            return Err(AirframeError::RailExitSpeed(self.rail_exit_speed_mps));
        }
        Ok(())
    }

    /// Boost plus sustain propellant.
    pub fn total_propellant(&self) -> Mass {
        self.boost.propellant_mass + self.sustain.map_or(Mass::ZERO, |s| s.propellant_mass)
    }

    /// Mass once all the propellant has burnt.
    pub fn burnout_mass(&self) -> Mass {
        self.launch_mass - self.total_propellant()
    }

    /// Total impulse of the motor, boost plus sustain, newton-seconds.
    pub fn total_impulse_ns(&self) -> f64 {
        self.boost.total_impulse_ns() + self.sustain.map_or(0.0, |s| s.total_impulse_ns())
    }

    /// Seconds from launch to the end of the last burning phase.
    pub fn burnout_time_s(&self) -> f64 {
        self.boost.burn_time_s + self.sustain.map_or(0.0, |s| s.burn_time_s)
    }

    /// The ideal velocity gain of the motor in free space without drag (Tsiolkovsky, per
    /// phase): Σ c_i · ln(m_start,i / m_end,i), with effective exhaust velocity
    /// c_i = T_i / ṁ_i, m/s. A phase that burns no propellant adds T·t_b/m instead (the
    /// limit of the formula as ṁ → 0).
    pub fn ideal_delta_v_mps(&self) -> f64 {
        let mut m = self.launch_mass.si();
        let mut dv = 0.0;
        for phase in std::iter::once(&self.boost).chain(self.sustain.as_ref()) {
            let mp = phase.propellant_mass.si();
            dv += if mp > 0.0 {
                phase.thrust_n / phase.mass_flow_kg_s() * (m / (m - mp)).ln()
            } else {
                phase.total_impulse_ns() / m
            };
            m -= mp;
        }
        dv
    }
}

/// The motor's schedule for one flight: thrust and mass against time since launch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct MotorSchedule {
    launch_mass_kg: f64,
    boost_end_s: f64,
    sustain_end_s: f64,
    boost_thrust_n: f64,
    sustain_thrust_n: f64,
    boost_flow_kg_s: f64,
    sustain_flow_kg_s: f64,
}

impl MotorSchedule {
    pub(crate) fn of(airframe: &InterceptorAirframe) -> Self {
        let boost = &airframe.boost;
        let (sustain_time, sustain_thrust, sustain_flow) =
            airframe.sustain.map_or((0.0, 0.0, 0.0), |s| {
                (s.burn_time_s, s.thrust_n, s.mass_flow_kg_s())
            });
        MotorSchedule {
            launch_mass_kg: airframe.launch_mass.si(),
            boost_end_s: boost.burn_time_s,
            sustain_end_s: boost.burn_time_s + sustain_time,
            boost_thrust_n: boost.thrust_n,
            sustain_thrust_n: sustain_thrust,
            boost_flow_kg_s: boost.mass_flow_kg_s(),
            sustain_flow_kg_s: sustain_flow,
        }
    }

    /// The instants at which thrust changes, seconds after launch.
    pub(crate) fn events(&self) -> [f64; 2] {
        [self.boost_end_s, self.sustain_end_s]
    }

    /// Thrust, newtons, of a motor in the phase that burns at `t_s` — the caller passes
    /// the middle of an integration step, never a phase boundary, so RK4 sees one phase
    /// throughout a step.
    pub(crate) fn thrust_n(&self, t_s: f64) -> f64 {
        if t_s < self.boost_end_s {
            self.boost_thrust_n
        } else if t_s < self.sustain_end_s {
            self.sustain_thrust_n
        } else {
            0.0
        }
    }

    /// Mass at `t_s` seconds after launch, kg: continuous, piecewise linear.
    pub(crate) fn mass_kg(&self, t_s: f64) -> f64 {
        let in_boost = t_s.clamp(0.0, self.boost_end_s);
        let in_sustain = (t_s - self.boost_end_s).clamp(0.0, self.sustain_end_s - self.boost_end_s);
        self.launch_mass_kg - self.boost_flow_kg_s * in_boost - self.sustain_flow_kg_s * in_sustain
    }
}
