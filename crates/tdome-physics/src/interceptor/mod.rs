//! Interceptor flyout: a boost–sustain–coast airframe flown as a point mass under
//! proportional navigation, the miss distance at the closest approach, kill probability
//! against miss distance, and flyout tables for the battle manager.
//!
//! - [`airframe`]: [`InterceptorAirframe`] (motor phases, drag, lateral limit, time of
//!   flight) with typed validation;
//! - [`guidance`]: true and pure PN with navigation constant N, a first-order
//!   flight-control lag τ, gravity bias, and the launch and turn phases before homing;
//! - [`engagement`]: [`fly_engagement`] flies interceptor against a [`TargetMotion`] to
//!   the closest approach, solved within the last step;
//! - [`flight`]: [`InterceptorFlight`], the same dynamics stepped by the world:
//!   midcourse on the uplinked aim point, terminal homing on the acquired threat;
//! - [`lethality`]: the Carleton damage function P_k(miss);
//! - [`table`]: [`FlyoutTable`], time of flight and arrival speed against ground range and
//!   altitude, bilinear in O(1).
//!
//! Equations, choices, references
//! and the measured figures are in `docs/physics.md`, "Interceptor flyout and guidance".

pub mod airframe;
pub mod engagement;
pub mod flight;
pub mod guidance;
pub mod lethality;
pub mod table;

pub use airframe::{AirframeError, InterceptorAirframe, LateralLimit, MotorPhase};
pub use engagement::{
    ClosestApproach, EngagementEnd, EngagementError, EngagementOutcome, FlightEnvironment,
    FlightPhase, FlightSample, FlyoutSettings, InterceptorLaunch, TargetMotion, fly_engagement,
};
pub use flight::{
    FlightEnd, FlightGuidance, InterceptorFlight, InterceptorModel, SEEKER_HALF_ANGLE,
    TerminalGuidance,
};
pub use guidance::{GravityBias, Guidance, GuidanceError, LaunchPhase, PnLaw};
pub use lethality::{CarletonDamage, LethalityError};
pub use table::{
    FlyoutGrid, FlyoutPoint, FlyoutTable, FlyoutTableError, NotReachable, Reachability,
};
