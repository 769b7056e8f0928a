"""SQLAlchemy models, one module per group of related tables."""

from models.admin import AuditLog, User
from models.alerts import AlertSubscription, BadBatchAlert
from models.base import Base, utcnow
from models.cases import Case, CaseEvent
from models.conversations import ConversationSession, Message
from models.events import ProgramEvent
from models.flows import FlowScript, FlowVersion
from models.people import Contact, OptOutEvent
from models.places import NaloxoneSearch, Site, Town, TownZip
from models.roster import EscalationPolicy, OnCallOverride, Responder, Shift
from models.routing import Offer, Partner, PartnerReferral

__all__ = [
    "AlertSubscription",
    "AuditLog",
    "BadBatchAlert",
    "Base",
    "Case",
    "CaseEvent",
    "Contact",
    "ConversationSession",
    "EscalationPolicy",
    "FlowScript",
    "FlowVersion",
    "Message",
    "NaloxoneSearch",
    "Offer",
    "OnCallOverride",
    "OptOutEvent",
    "Partner",
    "PartnerReferral",
    "ProgramEvent",
    "Responder",
    "Shift",
    "Site",
    "Town",
    "TownZip",
    "User",
    "utcnow",
]
