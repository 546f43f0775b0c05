{#- Regular expressions differ by engine; patterns use POSIX classes like [0-9] (no \d), so
    one pattern text works everywhere. -#}
{% macro regex_matches(expression, pattern) -%}
    {{ return(adapter.dispatch('regex_matches', 'customer_engagement')(expression, pattern)) }}
{%- endmacro %}

{% macro default__regex_matches(expression, pattern) -%}
    ({{ expression }} ~ {{ sql_string_literal(pattern) }})
{%- endmacro %}

{% macro duckdb__regex_matches(expression, pattern) -%}
    regexp_matches({{ expression }}, {{ sql_string_literal(pattern) }})
{%- endmacro %}


{#- Replaces every match. -#}
{% macro regex_replace(expression, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace', 'customer_engagement')(
        expression, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regex_replace(expression, pattern, replacement) -%}
    regexp_replace(
        {{ expression }},
        {{ sql_string_literal(pattern) }},
        {{ sql_string_literal(replacement) }},
        'g'
    )
{%- endmacro %}


{#- Spark's regular expressions are Java's: no POSIX classes ([[:space:]] would silently
    match ':', 's', 'p', ...), so the one class the project uses becomes \s (the same six
    ASCII characters). -#}
{% macro spark_regex(pattern) -%}
    {{ return(pattern | replace('[:space:]', '\\s')) }}
{%- endmacro %}

{% macro spark__regex_matches(expression, pattern) -%}
    ({{ expression }} rlike {{ sql_string_literal(spark_regex(pattern)) }})
{%- endmacro %}

{% macro spark__regex_replace(expression, pattern, replacement) -%}
    regexp_replace(
        {{ expression }},
        {{ sql_string_literal(spark_regex(pattern)) }},
        {{ sql_string_literal(replacement) }}
    )
{%- endmacro %}
