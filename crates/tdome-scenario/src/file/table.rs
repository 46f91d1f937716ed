//! Tables only where the format has tables.
//!
//! A struct derived with serde also accepts a sequence of its fields in order, so
//! `noise = [0.2, 0.2, 20.0]` would silently become a range noise of 0.2 m and an
//! elevation noise of 20°. Every struct of the file formats is derived with
//! `#[serde(remote = "Self")]`, which keeps the derived code as an inherent function,
//! and gets its `Deserialize` from [`tables_only!`], which asks the deserializer for a
//! map and hands only a map to the derived code: an array there is an error at its
//! place ("invalid type: array, expected a table").

/// Implement `Deserialize` for each listed struct (derived with
/// `#[serde(remote = "Self")]`) so that it is read from a table and nothing else.
macro_rules! tables_only {
    ($($t:ident),* $(,)?) => {$(
        impl<'de> ::serde::Deserialize<'de> for $t {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct Table;
                impl<'de> ::serde::de::Visitor<'de> for Table {
                    type Value = $t;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str("a table")
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(
                        self,
                        map: A,
                    ) -> Result<$t, A::Error> {
                        $t::deserialize(::serde::de::value::MapAccessDeserializer::new(map))
                    }
                }
                d.deserialize_map(Table)
            }
        }
    )*};
}

pub(crate) use tables_only;
