//! Questions about field types (`Option<_>`, `Nullable<_>`, `Vec<_>`), answered on the syntax the user wrote.
//!
//! A proc macro cannot resolve types, so a type "is an Option" when its last path segment is `Option` with one
//! type argument (`Option<T>`, `std::option::Option<T>`, `::bandwidth_messaging::__private::Option<T>`).

use quote::ToTokens;
use syn::{GenericArgument, PathArguments, Type};

/// Removes invisible groups and parentheses around a type.
pub fn ungroup(mut ty: &Type) -> &Type {
    loop {
        match ty {
            Type::Group(g) => ty = &g.elem,
            Type::Paren(p) => ty = &p.elem,
            _ => return ty,
        }
    }
}

/// The single type argument of `ty` when its last path segment is `name` (`Option<T>` gives `T`).
pub fn generic_arg<'a>(ty: &'a Type, name: &str) -> Option<&'a Type> {
    let Type::Path(tp) = ungroup(ty) else {
        return None;
    };
    if tp.qself.is_some() {
        return None;
    }
    let last = tp.path.segments.last()?;
    if last.ident != name {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let mut types = args.args.iter().filter_map(|a| match a {
        GenericArgument::Type(t) => Some(t),
        _ => None,
    });
    let first = types.next()?;
    if types.next().is_some() {
        return None;
    }
    Some(first)
}

/// `Option<T>` gives `Some(T)`.
pub fn option_inner(ty: &Type) -> Option<&Type> {
    generic_arg(ty, "Option")
}

/// `Nullable<T>` gives `Some(T)`.
pub fn nullable_inner(ty: &Type) -> Option<&Type> {
    generic_arg(ty, "Nullable")
}

/// `Vec<T>` gives `Some(T)`.
pub fn vec_inner(ty: &Type) -> Option<&Type> {
    generic_arg(ty, "Vec")
}

/// `true` when the last path segment of `ty` is `name` (with or without arguments).
pub fn last_segment_is(ty: &Type, name: &str) -> bool {
    match ungroup(ty) {
        Type::Path(tp) => {
            tp.qself.is_none() && tp.path.segments.last().is_some_and(|s| s.ident == name)
        }
        _ => false,
    }
}

/// A compact rendering of a type for messages: `Vec<Media>` rather than `Vec < Media >`.
pub fn display(ty: &Type) -> String {
    let raw = ty.to_token_stream().to_string();
    let mut out = String::with_capacity(raw.len());
    let chars: Vec<char> = raw.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c == ' ' {
            let prev = i
                .checked_sub(1)
                .and_then(|p| chars.get(p))
                .copied()
                .unwrap_or(' ');
            let next = chars.get(i + 1).copied().unwrap_or(' ');
            let tight = |ch: char| matches!(ch, '<' | '>' | ':' | '&' | '(' | ')' | '[' | ']');
            if tight(prev) || tight(next) || next == ',' {
                continue;
            }
        }
        out.push(*c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(s: &str) -> Type {
        syn::parse_str(s).unwrap()
    }

    #[test]
    fn finds_wrappers_by_last_segment() {
        assert!(option_inner(&ty("Option<String>")).is_some());
        assert!(option_inner(&ty("::std::option::Option<Vec<u8>>")).is_some());
        assert!(option_inner(&ty("Vec<String>")).is_none());
        assert!(nullable_inner(&ty("::bandwidth_messaging::Nullable<i64>")).is_some());
        assert!(vec_inner(&ty("Vec<String>")).is_some());
        assert!(option_inner(&ty("Option")).is_none());
    }

    #[test]
    fn displays_types_compactly() {
        assert_eq!(display(&ty("Vec < Media >")), "Vec<Media>");
        assert_eq!(
            display(&ty("::std::collections::HashMap<String, u8>")),
            "::std::collections::HashMap<String, u8>"
        );
        assert_eq!(display(&ty("Option<&'static str>")), "Option<&'static str>");
    }
}
