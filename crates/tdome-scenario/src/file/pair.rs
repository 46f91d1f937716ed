//! Two-number arrays (`[lat_deg, lon_deg]`, `[start_s, end_s]`, `[mach, cd]`).
//!
//! These are their own types, not `[f64; 2]`, because the TOML deserialiser reads the
//! first two numbers of a longer array into `[f64; 2]` and silently drops the rest; a
//! third coordinate written by mistake must be an error.

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use std::borrow::Cow;
use std::fmt;

use serde::de::{Error as _, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// Read exactly two numbers. The count is checked inside the deserialiser's own call
/// (a visitor, not a check after reading a `Vec`), so that the TOML deserialiser
/// attaches the error to this array's position rather than to an enclosing value.
fn two_numbers<'de, D: Deserializer<'de>>(d: D, what: &'static str) -> Result<[f64; 2], D::Error> {
    d.deserialize_seq(TwoNumbers(what))
}

struct TwoNumbers(&'static str);

impl<'de> Visitor<'de> for TwoNumbers {
    type Value = [f64; 2];

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<[f64; 2], A::Error> {
        let mut numbers = Vec::with_capacity(2);
        while let Some(x) = seq.next_element::<f64>()? {
            numbers.push(x);
        }
        match numbers.as_slice() {
            [a, b] => Ok([*a, *b]),
            _ => Err(A::Error::custom(format!(
                "expected {}, got {} number{}",
                self.0,
                numbers.len(),
                if numbers.len() == 1 { "" } else { "s" }
            ))),
        }
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
        let text = toml::from_str::<W>("p = \"north\"").err().unwrap();
        assert_eq!(
            text.message(),
            "invalid type: string \"north\", expected a [lat_deg, lon_deg] pair"
        );
        let one = toml::from_str::<W>("p = [25.0]").err().unwrap();
        assert_eq!(
            one.message(),
            "expected a [lat_deg, lon_deg] pair, got 1 number"
        );
    }
}
