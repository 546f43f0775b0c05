{#- One row per user whose events an incremental run changes (decision D703): the
    sessions of the user are recomputed from `recompute_from`, the start of the user's
    last session that began before the first changed event (NULL: all of them), and
    numbered after `prior_sessions`, and the user's active days from `first_date`.
    Sessions before that point keep their events, boundaries and numbers. Empty on a
    full build. -#}

{%- set previous_sessions = prior_relation('int_sessions_attributed') %}

with

changed as (

    select * from {{ ref('int_events_changed') }}

),

changes as (

    select
        previous_user_key as user_key,
        previous_occurred_at as changed_at,
        previous_occurred_date as changed_date
    from changed
    where previous_user_key is not null

    union all

    select
        user_key,
        occurred_at as changed_at,
        occurred_date as changed_date
    from changed
    where user_key is not null

),

touched as (

    select
        user_key,
        min(changed_at) as first_changed_at,
        min(changed_date) as first_changed_date
    from changes
    group by user_key

),

previous_sessions as (

    {% if previous_sessions is not none -%}
        select
            user_key,
            session_number,
            started_at,
            session_date
        from {{ previous_sessions }}
        where user_key in (select touched.user_key from touched)
    {%- else -%}
        select
            user_key,
            1 as session_number,
            first_changed_at as started_at,
            first_changed_date as session_date
        from touched
        where 1 = 0
    {%- endif %}

),

{#- Session numbers grow with the start time, so the largest number before the first
    change is the anchor session's. #}

anchors as (

    select
        touched.user_key,
        max(previous_sessions.started_at) as recompute_from,
        max(previous_sessions.session_date) as recompute_from_date,
        max(previous_sessions.session_number) as anchor_session_number
    from touched
    inner join previous_sessions
        on
            touched.user_key = previous_sessions.user_key
            and touched.first_changed_at > previous_sessions.started_at
    group by touched.user_key

),

first_sessions as (

    select
        user_key,
        min(session_date) as first_session_date
    from previous_sessions
    group by user_key

)

{#- Without an anchor every session is recomputed, and the first activity date may
    move: previous_first_date is where it was. #}

select
    touched.user_key,
    anchors.recompute_from,
    coalesce(anchors.anchor_session_number - 1, 0) as prior_sessions,
    case
        when anchors.user_key is not null then anchors.recompute_from_date
        when first_sessions.first_session_date < touched.first_changed_date
            then first_sessions.first_session_date
        else touched.first_changed_date
    end as first_date,
    case
        when anchors.user_key is null then first_sessions.first_session_date
    end as previous_first_date,
    {#- With an anchor the first session is kept, and with it the first active day. #}
    case
        when anchors.user_key is not null then first_sessions.first_session_date
    end as kept_first_active_date,
    (
        select max(validated.load_sequence)
        from {{ ref('stg_app__events_validated') }} as validated
    ) as load_sequence
from touched
left join anchors
    on touched.user_key = anchors.user_key
left join first_sessions
    on touched.user_key = first_sessions.user_key
