"""Parse a DCAT file with rdflib, then read every dataset the way udata's rdf harvester does:
one rdflib Resource per dataset and distribution, a value() or objects() call per property it
maps. Prints: wall seconds, CPU seconds, triples, datasets. A lower bound of udata's own work
(no model objects, no database): the `rdflib + extraction` column of bench/dcat-normalise.ts.

    /usr/bin/python3 bench/support/rdflib_extract.py <file> <turtle|xml|nt>
"""
import sys
import time

import rdflib
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

VCARD = rdflib.Namespace('http://www.w3.org/2006/vcard/ns#')
DATASET_FIELDS = [DCTERMS.title, DCTERMS.description, DCTERMS.identifier, DCTERMS.issued, DCTERMS.modified,
                  DCAT.landingPage, DCTERMS.accrualPeriodicity, DCTERMS.language]
DISTRIBUTION_FIELDS = [DCTERMS.title, DCAT.accessURL, DCAT.downloadURL, DCTERMS.format, DCAT.mediaType,
                       DCTERMS.license, DCAT.byteSize, DCTERMS.issued, DCTERMS.modified]


def text(value):
    return None if value is None else str(value.identifier if hasattr(value, 'identifier') else value)


def extract(dataset):
    record = {str(field): text(dataset.value(field)) for field in DATASET_FIELDS}
    record['keywords'] = [str(k) for k in dataset.objects(DCAT.keyword)]
    record['themes'] = [text(t) for t in dataset.objects(DCAT.theme)]
    publisher = dataset.value(DCTERMS.publisher)
    record['publisher'] = text(publisher.value(FOAF.name)) if isinstance(publisher, rdflib.resource.Resource) else None
    contact = dataset.value(DCAT.contactPoint)
    if isinstance(contact, rdflib.resource.Resource):
        record['contact'] = (text(contact.value(VCARD.fn)), text(contact.value(VCARD.hasEmail)))
    spatial = dataset.value(DCTERMS.spatial)
    if isinstance(spatial, rdflib.resource.Resource):
        record['bbox'] = text(spatial.value(DCAT.bbox))
    temporal = dataset.value(DCTERMS.temporal)
    if isinstance(temporal, rdflib.resource.Resource):
        record['temporal'] = (text(temporal.value(DCAT.startDate)), text(temporal.value(DCAT.endDate)))
    record['resources'] = [{str(f): text(d.value(f)) for f in DISTRIBUTION_FIELDS} for d in dataset.objects(DCAT.distribution)]
    return record


def main(path, fmt):
    wall, cpu = time.time(), time.process_time()
    graph = rdflib.Graph()
    graph.parse(path, format=fmt)
    datasets = [extract(graph.resource(s)) for s in graph.subjects(RDF.type, DCAT.Dataset)]
    print(time.time() - wall, time.process_time() - cpu, len(graph), len(datasets))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
