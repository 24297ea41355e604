package org.ichcds.training.phantoms;

/**
 * One anatomical structure painted over the base tissue with its own density.
 *
 * @param role how it interacts with the rest (blood may fill {@link Role#CISTERN} CSF, never ventricles)
 * @param shape where it is
 * @param hu its density
 */
record Structure(Role role, Shape shape, double hu) {

    enum Role {
        /** brain tissue of its own density: deep grey nuclei, brainstem */
        TISSUE,
        /** subarachnoid CSF spaces (cisterns, sylvian fissures): subarachnoid blood fills them */
        CISTERN,
        /** ventricular CSF: intraventricular blood layers in it */
        VENTRICLE,
        /** physiological calcification: pineal, choroid plexus, falx, basal ganglia */
        CALCIFICATION,
        /** skull base and face: painted only outside the cranial cavity */
        EXTRACRANIAL,
        /** air cells with bony septa (ethmoid, mastoid), outside the cranial cavity */
        AIR_CELLS
    }
}
