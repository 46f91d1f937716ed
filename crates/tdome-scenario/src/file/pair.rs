//! Two-number arrays (`[lat_deg, lon_deg]`, `[start_s, end_s]`, `[mach, cd]`).
//!
//! These are their own types, not `[f64; 2]`, because the TOML deserialiser reads the
//! first two numbers of a longer array into `[f64; 2]` and silently drops the rest; a
//! third coordinate written by mistake must be an error.

use std::borrow::Cow;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Deserializer, de::Error as _};

/// Read exactly two numbers.
fn two_numbers<'de, D: Deserializer<'de>>(d: D, what: &str) -> Result<[f64; 2], D::Error> {
    let v = Vec::<f64>::deserialize(d)?;
    match v.as_slice() {
        [a, b] => Ok([*a, *b]),
        _ => Err(D::Error::custom(format!(
            "expected {what}, got {} number{}",
            v.len(),
            if v.len() == 1 { "" } else { "s" }
        ))),
    }
}

fn pair_schema(description: &str) -> Schema {
    json_schema!({
        "description": description,
        "type": "array",
        "items": { "type": "number" },
        "minItems": 2,
        "maxItems": 2
    })
}

macro_rules! pair {
    ($(#[$meta:meta])* $name:ident, $a:ident, $b:ident, $what:literal, $schema_doc:literal) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq)]
        pub struct $name {
            #[doc = concat!("The first number, `", stringify!($a), "`.")]
            pub $a: f64,
            #[doc = concat!("The second number, `", stringify!($b), "`.")]
            pub $b: f64,
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let [$a, $b] = two_numbers(d, $what)?;
                Ok($name { $a, $b })
            }
        }

        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                pair_schema($schema_doc)
            }
        }
    };
}

pair!(
    /// A point on the ground as `[lat_deg, lon_deg]`: geodetic latitude in [−90, 90]
    /// degrees (north positive) and longitude in [−180, 180] degrees (east positive).
    LatLon,
    lat_deg,
    lon_deg,
    "a [lat_deg, lon_deg] pair",
    "[lat_deg, lon_deg]: geodetic latitude in [-90, 90] degrees (north positive), longitude in [-180, 180] degrees (east positive)."
);

pair!(
    /// A time window `[start_s, end_s]`, seconds from scenario start.
    Window,
    start_s,
    end_s,
    "a [start_s, end_s] pair",
    "[start_s, end_s]: first and last time, seconds from scenario start."
);

pair!(
    /// A point of a drag table, `[mach, cd]`: Mach number and drag coefficient.
    MachCd,
    mach,
    cd,
    "a [mach, cd] pair",
    "[mach, cd]: Mach number (dimensionless) and drag coefficient C_d (dimensionless)."
);

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct W {
        p: LatLon,
    }

    #[test]
    fn exactly_two_numbers() {
        let ok: W = toml::from_str("p = [25.0, 121.5]").unwrap();
        assert_eq!(
            ok.p,
            LatLon {
                lat_deg: 25.0,
                lon_deg: 121.5
            }
        );
        let three = toml::from_str::<W>("p = [25.0, 121.5, 3.0]").err().unwrap();
        assert_eq!(
            three.message(),
            "expected a [lat_deg, lon_deg] pair, got 3 numbers"
        );
        let one = toml::from_str::<W>("p = [25.0]").err().unwrap();
        assert_eq!(
            one.message(),
            "expected a [lat_deg, lon_deg] pair, got 1 number"
        );
    }
}
