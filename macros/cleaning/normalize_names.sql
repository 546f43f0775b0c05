{#- Key of an enumeration value for the alias seeds (decision D8): lower-cased, trimmed,
    runs of white space or '-' as '_'. NULL stays NULL. -#}
{% macro enum_key(column) -%}
    {{ regex_replace('lower(' ~ clean_text(column) ~ ')', '[[:space:]-]+', '_') }}
{%- endmacro %}


{#- lower snake_case (decision D9): 'Page View', ' page-view ' -> 'page_view'. -#}
{% macro snake_case(column) -%}
    nullif({{ regex_replace(
        regex_replace('lower(' ~ clean_text(column) ~ ')', '[^a-z0-9]+', '_'),
        '^_+|_+$', '') }}, '')
{%- endmacro %}


{#- The same normalisation in Jinja, for names given in vars (conversion_events). -#}
{% macro normalize_event_name_text(name) -%}
    {%- set lowered = (name | string | trim | lower) -%}
    {{ return(modules.re.sub('^_+|_+$', '', modules.re.sub('[^a-z0-9]+', '_', lowered))) }}
{%- endmacro %}


{#- The conversion_events var, normalised, as a SQL list: ('purchase', 'sign_up'). -#}
{% macro conversion_event_list() -%}
    ({% for event in var('conversion_events') -%}
        {{ sql_string_literal(normalize_event_name_text(event)) }}{{ ', ' if not loop.last }}
    {%- endfor %})
{%- endmacro %}


{#- An enumeration through its alias seed: unknown when missing, other when unmapped. -#}
{% macro mapped_enum(key_column, canonical_column) -%}
    case
        when {{ key_column }} is null then 'unknown'
        else coalesce({{ canonical_column }}, 'other')
    end
{%- endmacro %}
