//! Tokens for an `#[operation]`: the struct, `{Name}Response` and the `Operation` impl.

use proc_macro2::TokenStream;
use quote::{ToTokens, format_ident, quote};
use syn::Ident;

use super::ast::{BodyEncoding, BodyKind, OpField, Operation, Response, Role, Status};
use super::status::{reason, variant_name};
use super::template::{self, Piece};
use crate::ty::{display, option_inner};

/// The full expansion of a valid operation.
pub fn expand(op: &Operation) -> TokenStream {
    let item = struct_item(op);
    let response_enum = response_enum(op);
    let operation_impl = operation_impl(op);
    quote! {
        #item
        #response_enum
        #[allow(unused_qualifications, clippy::all)]
        const _: () = {
            use ::bandwidth_messaging::__private as __p;
            #operation_impl
        };
    }
}

/// What is emitted beside the errors of an invalid operation: the struct (helper attributes stripped), a
/// response enum holding only `Unknown`, and a stand-in `Operation` impl.
pub fn fallback(op: &Operation) -> TokenStream {
    let item = struct_item(op);
    if !op.item.generics.params.is_empty() {
        return item;
    }
    let ident = &op.item.ident;
    let vis = &op.item.vis;
    let response = response_ident(op);
    quote! {
        #item
        #[derive(::bandwidth_messaging::__private::Debug)]
        #vis enum #response {
            Unknown {
                status: ::bandwidth_messaging::__private::StatusCode,
                body: ::bandwidth_messaging::types::Bytes,
            },
        }
        const _: () = {
            use ::bandwidth_messaging::__private as __p;
            impl __p::Operation for #ident {
                type Response = #response;
                const ID: &'static str = "";
                const PATH_TEMPLATE: &'static str = "";
                fn method(&self) -> __p::Method { ::core::unimplemented!() }
                fn path(&self) -> __p::String { ::core::unimplemented!() }
                fn query(&self) -> __p::Vec<(&'static str, __p::String)> { ::core::unimplemented!() }
                fn headers(&self) -> __p::Result<__p::Vec<(__p::HeaderName, __p::HeaderValue)>, __p::EncodeError> {
                    ::core::unimplemented!()
                }
                fn body(&self) -> __p::Result<__p::RequestBody, __p::EncodeError> { ::core::unimplemented!() }
                fn decode(_: __p::StatusCode, _: &__p::HeaderMap, _: __p::Bytes) -> __p::Result<#response, __p::DecodeError> {
                    ::core::unimplemented!()
                }
            }
        };
    }
}

fn struct_item(op: &Operation) -> TokenStream {
    let mut item = op.item.clone();
    item.attrs.push(syn::parse_quote! {
        #[derive(
            ::bandwidth_messaging::__private::Debug,
            ::bandwidth_messaging::__private::Clone,
            ::bandwidth_messaging::__private::PartialEq,
        )]
    });
    item.into_token_stream()
}

fn response_ident(op: &Operation) -> Ident {
    format_ident!("{}Response", op.item.ident)
}

fn op_id(op: &Operation) -> String {
    op.id.as_ref().map(|l| l.value()).unwrap_or_default()
}

fn variant_ident(r: &Response) -> Ident {
    match &r.status {
        Some(Status::Code(code, _)) => format_ident!("{}", variant_name(*code)),
        _ => format_ident!("Default"),
    }
}

/// The constant `StatusCode` for a code validated to be in 100..=599, built at compile time.
fn status_const(code: u16) -> TokenStream {
    quote!(const { __p::status::from_code(#code) })
}

fn response_enum(op: &Operation) -> TokenStream {
    let vis = &op.item.vis;
    let ident = response_ident(op);
    let id = op_id(op);
    let variants = op.responses.iter().map(|r| {
        let name = variant_ident(r);
        let is_default = matches!(r.status, Some(Status::Default(_)));
        let title = match r.code() {
            Some(code) => format!("`{code} {}`", reason(code)).replace(" `", "`"),
            None => "Any status the other variants do not list (`default`)".to_owned(),
        };
        let body_doc = match r.kind() {
            Some(BodyKind::Json(ty)) => format!(" {title}, with a `{}` JSON body.", display(ty)),
            Some(BodyKind::Binary) => format!(" {title}, with a binary body and its content type."),
            _ => format!(" {title}, with no body."),
        };
        let accepted_doc = r.accepted.as_ref().map(|_| {
            quote! {
                #[doc = ""]
                #[doc = " The request was accepted and queued, not delivered: what happens next arrives later (for messages, as webhook events)."]
            }
        });
        let body_ty = match r.kind() {
            Some(BodyKind::Json(ty)) => Some(quote!(#ty)),
            Some(BodyKind::Binary) => Some(quote!(::bandwidth_messaging::__private::BinaryBody)),
            _ => None,
        };
        let header_fields: Vec<TokenStream> = r
            .headers
            .iter()
            .map(|h| {
                let (field, ty) = (&h.field, &h.ty);
                let doc = format!(" The `{}` response header, if present and parseable.", h.name.as_ref().map(|n| n.value()).unwrap_or_default());
                quote! {
                    #[doc = #doc]
                    #field: ::bandwidth_messaging::__private::Option<#ty>
                }
            })
            .collect();
        let shape = if header_fields.is_empty() && !is_default {
            match body_ty {
                Some(ty) => quote!((#ty)),
                None => quote!(),
            }
        } else {
            let status = is_default.then(|| {
                quote! {
                    /// The status the server answered with.
                    status: ::bandwidth_messaging::__private::StatusCode,
                }
            });
            let body = body_ty.map(|ty| {
                quote! {
                    /// The body.
                    body: #ty,
                }
            });
            quote!({ #status #body #(#header_fields,)* })
        };
        quote! {
            #[doc = #body_doc]
            #accepted_doc
            #name #shape,
        }
    });
    let status_arms = op.responses.iter().map(|r| {
        let name = variant_ident(r);
        match r.code() {
            Some(code) => {
                let status = status_const(code);
                quote!(Self::#name { .. } => #status,)
            }
            None => quote!(Self::#name { status, .. } => *status,),
        }
    });
    let accepted: Vec<Ident> = op
        .responses
        .iter()
        .filter(|r| r.accepted.is_some())
        .map(variant_ident)
        .collect();
    let is_accepted = if accepted.is_empty() {
        quote!(false)
    } else {
        quote!(::core::matches!(self, #(Self::#accepted { .. })|*))
    };
    let doc = format!(
        " The answers of `{id}`: one variant per documented status, plus `Unknown` for any other status (or an \
         error body that does not match its documented type)."
    );
    quote! {
        #[doc = #doc]
        #[derive(
            ::bandwidth_messaging::__private::Debug,
            ::bandwidth_messaging::__private::Clone,
            ::bandwidth_messaging::__private::PartialEq,
        )]
        #vis enum #ident {
            #(#variants)*
            /// A status the operation does not document, or a documented error status whose body did not match.
            Unknown {
                /// The status the server answered with.
                status: ::bandwidth_messaging::__private::StatusCode,
                /// The body, unparsed.
                body: ::bandwidth_messaging::types::Bytes,
            },
        }

        #[allow(unused_qualifications, clippy::all)]
        const _: () = {
            use ::bandwidth_messaging::__private as __p;

            impl #ident {
            /// The HTTP status of this answer.
            #vis fn status(&self) -> __p::StatusCode {
                match self {
                    #(#status_arms)*
                    Self::Unknown { status, .. } => *status,
                }
            }

            /// `true` for a 2xx answer.
            #vis fn is_success(&self) -> bool {
                self.status().is_success()
            }

            /// `true` for an `accepted` answer: queued for processing, not yet done.
            #vis fn is_accepted(&self) -> bool {
                #is_accepted
            }
            }
        };
    }
}

fn operation_impl(op: &Operation) -> TokenStream {
    let ident = &op.item.ident;
    let response = response_ident(op);
    let id = op_id(op);
    let template_str = op.path.as_ref().map(|l| l.value()).unwrap_or_default();
    let method = format_ident!(
        "{}",
        op.method
            .as_ref()
            .map(|m| m.value())
            .unwrap_or_else(|| "GET".to_owned())
    );
    let path = path_body(op, &template_str);
    let query = query_body(op);
    let headers = headers_body(op);
    let body = body_body(op);
    let decode = decode_body(op);
    quote! {
        #[automatically_derived]
        impl __p::Operation for #ident {
            type Response = #response;
            const ID: &'static str = #id;
            const PATH_TEMPLATE: &'static str = #template_str;

            fn method(&self) -> __p::Method {
                __p::Method::#method
            }

            fn path(&self) -> __p::String {
                #path
            }

            fn query(&self) -> __p::Vec<(&'static str, __p::String)> {
                #query
            }

            fn headers(&self) -> __p::Result<__p::Vec<(__p::HeaderName, __p::HeaderValue)>, __p::EncodeError> {
                #headers
            }

            fn body(&self) -> __p::Result<__p::RequestBody, __p::EncodeError> {
                #body
            }

            fn decode(
                __status: __p::StatusCode,
                __headers: &__p::HeaderMap,
                __body: __p::Bytes,
            ) -> __p::Result<#response, __p::DecodeError> {
                #decode
            }
        }
    }
}

fn path_body(op: &Operation, template_str: &str) -> TokenStream {
    let pieces = template::parse(template_str).unwrap_or_default();
    let pushes = pieces.iter().map(|piece| match piece {
        Piece::Literal(text) => quote!(__path.push_str(#text);),
        Piece::Placeholder(name) => {
            let field = op.fields.iter().find_map(|f| match f.role() {
                Some(Role::Path {
                    name: Some(n),
                    keep_slashes,
                }) if n.value() == *name => Some((f, *keep_slashes)),
                _ => None,
            });
            match field {
                Some((f, keep)) => {
                    let field = &f.ident;
                    quote! {
                        __path.push_str(&__p::encode_path_param(&__p::ToString::to_string(&self.#field), #keep));
                    }
                }
                None => quote!(),
            }
        }
    });
    let capacity = template_str.len() + 16;
    quote! {
        let mut __path = __p::String::with_capacity(#capacity);
        #(#pushes)*
        __path
    }
}

fn query_body(op: &Operation) -> TokenStream {
    match op
        .fields
        .iter()
        .find(|f| matches!(f.role(), Some(Role::Query)))
    {
        Some(f) => {
            let field = &f.ident;
            quote! {
                let mut __pairs = __p::Vec::new();
                __p::QueryParams::append_pairs(&self.#field, &mut __pairs);
                __pairs
            }
        }
        None => quote!(__p::Vec::new()),
    }
}

fn body_field(op: &Operation) -> Option<(&OpField, BodyEncoding)> {
    op.fields.iter().find_map(|f| match f.role() {
        Some(Role::Body { encodings }) => encodings.first().map(|(_, e)| (f, *e)),
        _ => None,
    })
}

fn header_name(f: &OpField) -> Option<String> {
    match f.role() {
        Some(Role::Header { name: Some(n) }) => Some(n.value()),
        _ => None,
    }
}

/// The `Content-Type` header field that gives a binary body its content type, if any.
fn content_type_field(op: &Operation) -> Option<&OpField> {
    match body_field(op) {
        Some((_, BodyEncoding::Binary)) => op
            .fields
            .iter()
            .find(|f| header_name(f).is_some_and(|n| n.eq_ignore_ascii_case("content-type"))),
        _ => None,
    }
}

fn headers_body(op: &Operation) -> TokenStream {
    let content_type = content_type_field(op).map(|f| f.ident.to_string());
    let id = op_id(op);
    let pushes = op.fields.iter().filter_map(|f| {
        let name = header_name(f)?;
        if content_type.as_deref() == Some(&f.ident.to_string()) {
            return None;
        }
        let lower = name.to_ascii_lowercase();
        let field = &f.ident;
        let push = quote! {
            let __header = __p::HeaderValue::from_str(__value)
                .map_err(|_| __p::EncodeError::InvalidHeader { operation: #id, header: #name })?;
            __out.push((__p::HeaderName::from_static(#lower), __header));
        };
        Some(if option_inner(&f.ty).is_some() {
            quote! {
                if let __p::Some(__value) = &self.#field {
                    #push
                }
            }
        } else {
            quote! {
                {
                    let __value = &self.#field;
                    #push
                }
            }
        })
    });
    quote! {
        #[allow(unused_mut)]
        let mut __out = __p::Vec::new();
        #(#pushes)*
        __p::Ok(__out)
    }
}

fn body_body(op: &Operation) -> TokenStream {
    let id = op_id(op);
    let Some((f, encoding)) = body_field(op) else {
        return quote!(__p::Ok(__p::RequestBody::Empty));
    };
    let field = &f.ident;
    let optional = option_inner(&f.ty).is_some();
    let encode = match encoding {
        BodyEncoding::Json => quote! {
            __p::serde_json::to_vec(__body)
                .map(__p::RequestBody::Json)
                .map_err(|__source| __p::EncodeError::Json { operation: #id, source: __source })
        },
        BodyEncoding::Binary => {
            let content_type = match content_type_field(op) {
                Some(ct) if option_inner(&ct.ty).is_some() => {
                    let ct = &ct.ident;
                    quote! {
                        match &self.#ct {
                            __p::Some(__ct) => __p::Clone::clone(__ct),
                            __p::None => __p::String::from("application/octet-stream"),
                        }
                    }
                }
                Some(ct) => {
                    let ct = &ct.ident;
                    quote!(__p::Clone::clone(&self.#ct))
                }
                None => quote!(__p::String::from("application/octet-stream")),
            };
            quote! {
                __p::Ok(__p::RequestBody::Binary { content_type: #content_type, bytes: __p::Clone::clone(__body) })
            }
        }
    };
    if optional {
        quote! {
            match &self.#field {
                __p::Some(__body) => { #encode }
                __p::None => __p::Ok(__p::RequestBody::Empty),
            }
        }
    } else {
        quote! {
            let __body = &self.#field;
            #encode
        }
    }
}

fn decode_body(op: &Operation) -> TokenStream {
    let response = response_ident(op);
    let id = op_id(op);
    let arms = op.responses.iter().filter_map(|r| {
        let code = r.code()?;
        let build = decode_response(&response, &id, r);
        Some(quote!(#code => { #build }))
    });
    let otherwise = match op
        .responses
        .iter()
        .find(|r| matches!(r.status, Some(Status::Default(_))))
    {
        Some(r) => decode_response(&response, &id, r),
        None => quote!(__p::Ok(#response::Unknown { status: __status, body: __body })),
    };
    quote! {
        match __status.as_u16() {
            #(#arms)*
            _ => { #otherwise }
        }
    }
}

/// Builds one documented response from `__status`, `__headers` and `__body`.
fn decode_response(response: &Ident, id: &str, r: &Response) -> TokenStream {
    let variant = variant_ident(r);
    let is_default = matches!(r.status, Some(Status::Default(_)));
    let headers: Vec<TokenStream> = r
        .headers
        .iter()
        .filter_map(|h| {
            let (name, field, ty) = (h.name.as_ref()?.value(), h.field.as_ref()?, h.ty.as_ref()?);
            Some(quote! {
                let #field: __p::Option<#ty> = __headers
                    .get(#name)
                    .and_then(|__v| __v.to_str().ok())
                    .and_then(|__v| <#ty as __p::FromStr>::from_str(__v.trim()).ok());
            })
        })
        .collect();
    let header_idents: Vec<&Ident> = r.headers.iter().filter_map(|h| h.field.as_ref()).collect();
    let (parse, body_expr): (TokenStream, Option<TokenStream>) = match r.kind() {
        Some(BodyKind::Json(ty)) => {
            let expected = display(ty);
            let decode_error = quote! {
                return __p::Err(__p::DecodeError::new(#id, __status, #expected, __err, &__body))
            };
            let unknown =
                quote!(return __p::Ok(#response::Unknown { status: __status, body: __body }));
            // A documented 2xx that does not decode is an error; an error status falls back to `Unknown`.
            let on_error = match r.code() {
                Some(code) if (200..300).contains(&code) => {
                    quote!(__p::Err(__err) => #decode_error,)
                }
                Some(_) => quote!(__p::Err(_) => #unknown,),
                None => quote! {
                    __p::Err(__err) if __status.is_success() => #decode_error,
                    __p::Err(_) => #unknown,
                },
            };
            let parse = quote! {
                let __parsed: #ty = match __p::serde_json::from_slice::<#ty>(&__body) {
                    __p::Ok(__value) => __value,
                    #on_error
                };
            };
            (parse, Some(quote!(__parsed)))
        }
        Some(BodyKind::Binary) => {
            let parse = quote! {
                let __parsed = __p::BinaryBody {
                    content_type: __headers
                        .get(__p::http::header::CONTENT_TYPE)
                        .and_then(|__v| __v.to_str().ok())
                        .map(__p::String::from),
                    bytes: __body,
                };
            };
            (parse, Some(quote!(__parsed)))
        }
        _ => (quote!(let _ = __body;), None),
    };
    let value = if headers.is_empty() && !is_default {
        match body_expr {
            Some(body) => quote!(#response::#variant(#body)),
            None => quote!(#response::#variant),
        }
    } else {
        let status = is_default.then(|| quote!(status: __status,));
        let body = body_expr.map(|b| quote!(body: #b,));
        quote!(#response::#variant { #status #body #(#header_idents,)* })
    };
    quote! {
        #(#headers)*
        #parse
        __p::Ok(#value)
    }
}
