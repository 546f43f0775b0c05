{#- Text -> date, NULL when missing, not `YYYY-MM-DD` after trimming, or no real calendar
    day (decision D301). Date-only columns (search console, campaign performance) are
    calendar days as the platform reports them: no time zone conversion. -#}
{% macro parse_date(column) -%}
    case
        when {{ regex_matches(clean_text(column), '^[0-9]{4}-[0-9]{2}-[0-9]{2}$') }}
            then {{ cast_to_date(clean_text(column)) }}
    end
{%- endmacro %}


{#- 'YYYY-MM-DD' text -> date, NULL when it is no real calendar day. -#}
{% macro cast_to_date(text) -%}
    {{ return(adapter.dispatch('cast_to_date', 'customer_engagement')(text)) }}
{%- endmacro %}

{% macro default__cast_to_date(text) -%}
    cast({{ text }} as date)
{%- endmacro %}

{% macro duckdb__cast_to_date(text) -%}
    try_cast({{ text }} as date)
{%- endmacro %}


{#- The standard checks of one date column, in order: missing (when required),
    unparseable, out of range (before 2000-01-01 or after the build date + 1 day). The
    parsed column is named apart from the raw one (`date` is a keyword). -#}
{% macro date_checks(column, parsed_column, required=true) -%}
    {%- set checks = [] -%}
    {%- if required -%}
        {%- do checks.append((clean_text('raw_' ~ column) ~ ' is null', 'missing_' ~ column)) -%}
    {%- endif -%}
    {%- do checks.append((clean_text('raw_' ~ column) ~ ' is not null and ' ~ parsed_column
        ~ ' is null', 'unparseable_' ~ column)) -%}
    {%- do checks.append((parsed_column ~ " < cast('2000-01-01' as date) or "
        ~ parsed_column ~ ' > ' ~ latest_valid_date(), column ~ '_out_of_range')) -%}
    {{ return(checks) }}
{%- endmacro %}
