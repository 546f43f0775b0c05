{#- True when an event starts a new session of its user: the user's first event, or more
    than session_timeout_minutes after the user's previous event (exact seconds; ties on
    time are ordered by event_id). -#}
{% macro session_gap_started(timestamp_column, user_column, tiebreak_column='event_id') -%}
    coalesce(
        {{ seconds_between(
            'lag(' ~ timestamp_column ~ ') over (partition by ' ~ user_column
            ~ ' order by ' ~ timestamp_column ~ ', ' ~ tiebreak_column ~ ')',
            timestamp_column) }} > {{ session_timeout_seconds() }},
        true
    )
{%- endmacro %}


{% macro session_timeout_seconds() -%}
    {{ (var('session_timeout_minutes') | float * 60) }}
{%- endmacro %}
